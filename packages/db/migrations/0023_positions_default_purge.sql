-- Retention also clears default-partition rows that arrived before the cutoff whatever their device time: a
-- terminal whose clock ran years ahead stored rows there that `ts < keep_from` would never catch.
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
  DELETE FROM positions_default
  WHERE ts < keep_from::timestamp AT TIME ZONE 'UTC' OR received_at < keep_from::timestamp AT TIME ZONE 'UTC';
  RETURN dropped;
END $$;
