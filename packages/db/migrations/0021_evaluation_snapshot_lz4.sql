-- Snapshots (~120 KB of JSON per applicant) and frozen results are compressed with lz4 where the server has it: storing
-- a round's 253 snapshots took 1.3–1.7 s with the default pglz and 1.0–1.3 s with lz4 (bench evaluation, 2026-12-03).
-- PGlite is built without lz4 and keeps pglz (it raises feature_not_supported).
DO $$
BEGIN
  ALTER TABLE "evaluation_applicants" ALTER COLUMN "snapshot" SET COMPRESSION lz4;
  ALTER TABLE "evaluation_applicants" ALTER COLUMN "result" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here: evaluation snapshots stay compressed with pglz';
END
$$;
