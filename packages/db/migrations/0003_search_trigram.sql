-- Substring search in the 执法人员库 (执法证号, 手机, 姓名 of three or more characters) through trigram indexes.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it; PGlite bundles it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS officers_badge_no_trgm ON officers USING gin (badge_no gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS officers_phone_trgm ON officers USING gin (phone gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS officers_name_trgm ON officers USING gin (name gin_trgm_ops);
