-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE. (A superuser can still bypass triggers,
-- e.g. with session_replication_role = replica; the SHA-256 chain is what detects that.)
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
ALTER TABLE officers ADD CONSTRAINT officers_gender_ck CHECK (gender IN ('男', '女'));
--> statement-breakpoint
ALTER TABLE users ADD CONSTRAINT users_status_ck CHECK (status IN ('active', 'disabled'));
--> statement-breakpoint
ALTER TABLE officer_transfers ADD CONSTRAINT officer_transfers_status_ck CHECK (status IN ('pending', 'applied', 'cancelled'));
