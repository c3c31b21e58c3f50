-- The additional items terminals send with nearly every position (JT/T 808 0x02 fuel, 0x03 recorder speed, 0x30 signal,
-- 0x31 satellites) and the blind-area flag get columns of their own: queryable (weak signal, blind-area uploads) and
-- written without a JSON document per row (jsonb parsing was ~1/5 of PostgreSQL's COPY cost per position, bench jt808).
-- `extra` keeps unknown items (hex by id) and the clock flag. Rows stored before this migration keep these in `extra`.
-- Adding nullable columns and a constant default is a catalogue change only, even on a large partitioned table.
ALTER TABLE positions ADD COLUMN IF NOT EXISTS fuel_l real;
--> statement-breakpoint
ALTER TABLE positions ADD COLUMN IF NOT EXISTS recorder_speed_kmh real;
--> statement-breakpoint
ALTER TABLE positions ADD COLUMN IF NOT EXISTS signal smallint;
--> statement-breakpoint
ALTER TABLE positions ADD COLUMN IF NOT EXISTS satellites smallint;
--> statement-breakpoint
ALTER TABLE positions ADD COLUMN IF NOT EXISTS blind_area boolean NOT NULL DEFAULT false;
