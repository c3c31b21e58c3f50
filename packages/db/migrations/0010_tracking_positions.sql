-- 北斗 positions of vehicles (JT/T 808 terminals) and of officers on duty (the field app), the latest position of each
-- source for the command map, and the terminals' connection state for 接入率/在线 statistics. Raw SQL (not in the
-- drizzle schema) because drizzle-kit cannot express declarative partitioning.

-- Every position ever reported, one partition per day (Shanghai days are not needed here: partitions only bound
-- retention and index size, so they follow UTC days). Rows are appended by the gateway's group commit; a terminal's
-- blind-area backfill may repeat a position it already sent, so readers de-duplicate on (source_id, ts).
CREATE TABLE IF NOT EXISTS positions (
  source_kind text NOT NULL,           -- 'terminal' | 'officer'
  source_id uuid NOT NULL,             -- equipment_items.id of the terminal, or officers.id
  ts timestamptz NOT NULL,             -- position time (device time for terminals)
  received_at timestamptz NOT NULL DEFAULT now(),
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  altitude_m smallint,
  speed_kmh real,
  direction smallint,
  alarm integer NOT NULL DEFAULT 0,    -- JT/T 808 alarm flags
  status integer NOT NULL DEFAULT 0,   -- JT/T 808 status bits (ACC, fixed, …)
  mileage_km real,
  extra jsonb                          -- other additional items (fuel, signal, satellites, accuracy …)
) PARTITION BY RANGE (ts);
--> statement-breakpoint
-- Anything outside the daily partitions (a device with a wrong clock) still lands somewhere: nothing told "saved" is lost.
CREATE TABLE IF NOT EXISTS positions_default PARTITION OF positions DEFAULT;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS positions_source_ts_idx ON positions (source_id, ts);
--> statement-breakpoint
-- Creates the daily partitions for [from_day, from_day + days). Idempotent; run at start-up and daily.
CREATE OR REPLACE FUNCTION ensure_position_partitions(from_day date, days integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  created integer := 0;
  name text;
BEGIN
  FOR i IN 0 .. days - 1 LOOP
    d := from_day + i;
    name := 'positions_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(name) IS NULL THEN
      -- A default partition holding rows of this day would block the new partition: move them over.
      EXECUTE format('CREATE TABLE %I (LIKE positions INCLUDING DEFAULTS)', name);
      EXECUTE format('INSERT INTO %I SELECT * FROM positions_default WHERE ts >= %L::timestamptz AND ts < %L::timestamptz',
        name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
      EXECUTE format('DELETE FROM positions_default WHERE ts >= %L::timestamptz AND ts < %L::timestamptz',
        d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
      EXECUTE format('ALTER TABLE positions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint
-- Drops daily partitions that ended before `keep_from` (retention). Returns how many were dropped.
CREATE OR REPLACE FUNCTION drop_position_partitions_before(keep_from date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  dropped integer := 0;
BEGIN
  FOR r IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'positions' AND c.relname ~ '^positions_[0-9]{8}$'
      AND to_date(substr(c.relname, 11), 'YYYYMMDD') < keep_from
  LOOP
    EXECUTE format('DROP TABLE %I', r.relname);
    dropped := dropped + 1;
  END LOOP;
  DELETE FROM positions_default WHERE ts < keep_from::timestamp AT TIME ZONE 'UTC';
  RETURN dropped;
END $$;
--> statement-breakpoint
SELECT ensure_position_partitions((now() AT TIME ZONE 'UTC')::date - 1, 3);
--> statement-breakpoint
-- The newest position of every source: what the command map shows. Updated in the same transaction as the insert.
CREATE TABLE IF NOT EXISTS latest_positions (
  source_id uuid PRIMARY KEY,
  source_kind text NOT NULL,
  unit_id uuid NOT NULL REFERENCES units(id),
  vehicle_id uuid REFERENCES equipment_items(id),   -- the vehicle a terminal is installed in
  officer_id uuid REFERENCES officers(id),          -- the officer (单兵 terminal or field app)
  label text NOT NULL,                              -- plate, or officer name
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  speed_kmh real,
  direction smallint,
  alarm integer NOT NULL DEFAULT 0,
  status integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS latest_positions_unit_idx ON latest_positions (unit_id);
--> statement-breakpoint
-- Connection state of each registered terminal (the gateway's sessions survive here across restarts).
CREATE TABLE IF NOT EXISTS terminal_status (
  item_id uuid PRIMARY KEY REFERENCES equipment_items(id),
  terminal_phone text NOT NULL,
  protocol_edition text,                 -- '2013' | '2019'
  auth_code text,                        -- issued by 0x8100, checked on 0x0102
  registered_at timestamptz,
  authenticated_at timestamptz,
  online boolean NOT NULL DEFAULT false,
  connected_at timestamptz,
  last_seen_at timestamptz,
  remote_address text
);
--> statement-breakpoint
-- Days on which a source reported at least one position: 接入率 and 在线天数 without scanning positions.
CREATE TABLE IF NOT EXISTS position_days (
  source_id uuid NOT NULL,
  day date NOT NULL,                     -- Shanghai calendar day
  source_kind text NOT NULL,
  unit_id uuid NOT NULL,
  positions integer NOT NULL,
  first_ts timestamptz NOT NULL,
  last_ts timestamptz NOT NULL,
  PRIMARY KEY (source_id, day)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS position_days_unit_day_idx ON position_days (unit_id, day);
