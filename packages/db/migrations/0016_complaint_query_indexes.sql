-- 诉件 at 1M complaints (bench/README.md, complaints): indexes the map, the statistics and the list need so they stop
-- reading the whole table (≈ 400 MB at 1M rows, more than shared_buffers).
-- The map: per unit of the scope, its entries in the box, filtered and counted from the index alone (no heap); the
-- id to fetch the details of at most 2,000 points.
CREATE INDEX IF NOT EXISTS complaints_map_idx ON complaints (unit_id, lat, lon)
  INCLUDE (id, status, due_at, received_at, category_id) WHERE merged_into_id IS NULL;
--> statement-breakpoint
-- The same for open complaints only (the map's usual filter): a few percent of the rows.
CREATE INDEX IF NOT EXISTS complaints_map_open_idx ON complaints (unit_id, lat, lon)
  INCLUDE (id, status, due_at, received_at, category_id) WHERE merged_into_id IS NULL AND status NOT IN ('handled', 'replied', 'closed');
--> statement-breakpoint
-- The statistics of a period: per unit of the scope, its complaints received in the period with every column counted,
-- read from the index alone.
CREATE INDEX IF NOT EXISTS complaints_stats_idx ON complaints (unit_id, received_at)
  INCLUDE (category_id, status, due_at, handled_on_time, reopen_count, return_count, satisfaction, merged_into_id, lat, lon);
--> statement-breakpoint
-- The list sorted by deadline in either direction (ORDER BY due_at [DESC], id), not only among open complaints.
CREATE INDEX IF NOT EXISTS complaints_due_idx ON complaints (due_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_due_desc_idx ON complaints (due_at DESC, id);
--> statement-breakpoint
-- The list's keyword search (ILIKE '%q%' on five columns, OR-ed): a trigram index on each, so the planner can OR the
-- bitmaps instead of scanning every complaint (pg_trgm is created by 0003).
CREATE INDEX IF NOT EXISTS complaints_code_trgm ON complaints USING gin (code gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_description_trgm ON complaints USING gin (description gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_address_trgm ON complaints USING gin (address gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_external_no_trgm ON complaints USING gin (external_no gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_reporter_name_trgm ON complaints USING gin (reporter_name gin_trgm_ops);
