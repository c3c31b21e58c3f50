-- 信息化考核验收: rubric versions (content is the domain's RubricContent as JSON; a published version never changes),
-- annual rounds pinned to one version, applying squadrons with the indicator snapshot taken at the cut-off, on-site
-- findings with photos, and the scores frozen at publication. Monthly projections cache the self-assessment trend.

CREATE TABLE IF NOT EXISTS evaluation_rubrics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  version integer NOT NULL,                        -- 1, 2, … across all copies: the number people quote
  based_on_id uuid REFERENCES evaluation_rubrics(id),
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  content jsonb NOT NULL,
  note text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by_name text,
  row_version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS evaluation_rubrics_version_uq ON evaluation_rubrics (version);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS evaluation_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 2018 AND 2100),
  name text NOT NULL,
  rubric_id uuid NOT NULL REFERENCES evaluation_rubrics(id),
  period_from date NOT NULL,                       -- the data period the indicators read
  period_to date NOT NULL,
  apply_deadline date NOT NULL,                    -- districts submit applicants until the end of this day
  cutoff_at timestamptz NOT NULL,                  -- planned snapshot moment
  status text NOT NULL CHECK (status IN ('open', 'inspecting', 'published')),
  snapshot_at timestamptz,                         -- when the snapshot was actually taken
  published_at timestamptz,
  published_by_name text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  row_version integer NOT NULL DEFAULT 1,
  CHECK (period_from <= period_to),
  CHECK ((status = 'open') = (snapshot_at IS NULL)),
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS evaluation_rounds_name_uq ON evaluation_rounds (year, name);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS evaluation_applicants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES evaluation_rounds(id),
  unit_id uuid NOT NULL REFERENCES units(id),      -- the squadron
  tier text NOT NULL CHECK (tier IN ('standard', 'demonstration')),
  submitted_by_id uuid REFERENCES users(id),
  submitted_by_name text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  snapshot jsonb,                                  -- IndicatorResult[] as of the round's snapshot
  result jsonb,                                    -- frozen TierScore[] and gap list at publication
  standard_points double precision,
  demonstration_points double precision,
  standard_passed boolean,
  demonstration_passed boolean
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS evaluation_applicants_unit_uq ON evaluation_applicants (round_id, unit_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS evaluation_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  applicant_id uuid NOT NULL REFERENCES evaluation_applicants(id),
  criterion_code text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('confirm', 'override')),
  credit double precision CHECK (credit BETWEEN 0 AND 1),
  reason text,
  inspector_id uuid REFERENCES users(id),
  inspector_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  row_version integer NOT NULL DEFAULT 1,
  CHECK (verdict = 'confirm' OR (credit IS NOT NULL AND reason IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS evaluation_findings_criterion_uq ON evaluation_findings (applicant_id, criterion_code);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS evaluation_finding_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id uuid NOT NULL REFERENCES evaluation_findings(id),
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by_name text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS evaluation_finding_photos_finding_idx ON evaluation_finding_photos (finding_id);
--> statement-breakpoint
-- Self-assessment trend: the projected score of a squadron at the end of a past month under one rubric version.
CREATE TABLE IF NOT EXISTS evaluation_projections (
  unit_id uuid NOT NULL REFERENCES units(id),
  month date NOT NULL,                             -- first day of the month
  rubric_id uuid NOT NULL REFERENCES evaluation_rubrics(id),
  standard_points double precision NOT NULL,
  demonstration_points double precision NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, month, rubric_id)
);
