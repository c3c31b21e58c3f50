-- 诉件处置 (complaints): the 大类/小类 category tree with its time limits, the holiday / make-up-workday calendar every
-- deadline is counted on, the complaints themselves (routed to the squadron whose jurisdiction holds the point) and
-- their timeline. Raw SQL like the dispatch tables; the complaints module reads and writes it with SQL. Built-in
-- categories and the shipped year of the calendar are written at start-up from code (ensureComplaintDefaults).

CREATE TABLE IF NOT EXISTS complaint_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,                       -- also the Open311 service_code
  parent_id uuid REFERENCES complaint_categories(id),
  name text NOT NULL,
  contact_limit_unit text NOT NULL CHECK (contact_limit_unit IN ('working_days', 'working_hours', 'natural_hours')),
  contact_limit_amount double precision NOT NULL CHECK (contact_limit_amount > 0),
  handle_limit_unit text NOT NULL CHECK (handle_limit_unit IN ('working_days', 'working_hours', 'natural_hours')),
  handle_limit_amount double precision NOT NULL CHECK (handle_limit_amount > 0),
  active boolean NOT NULL DEFAULT true,
  builtin boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaint_categories_parent_idx ON complaint_categories (parent_id, sort_order);
--> statement-breakpoint
-- Days that differ from the Monday–Friday rule: 'holiday' (a day off, weekends inside a holiday included) and
-- 'workday' (a weekend day worked instead, 调休上班). Absent days follow the weekday.
CREATE TABLE IF NOT EXISTS work_calendar_days (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL,
  updated_by_name text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Years whose shipped holidays were loaded once; an administrator's later removals are not undone at the next start.
CREATE TABLE IF NOT EXISTS work_calendar_years (
  year integer PRIMARY KEY,
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- 诉件编号 SJ + yyyymmdd + 5 digits: one counter row per Shanghai day, drawn with an upsert (no table scan, no gaps).
CREATE TABLE IF NOT EXISTS complaint_code_counters (
  day text PRIMARY KEY,
  last integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('clerk', 'field', '12345', 'other')),
  external_system text,                            -- '12345' or the name of another sending system
  external_no text,                                -- the sender's order number (工单号)
  request_hash text,                               -- SHA-256 of the sender's normalised body: a replay must match it
  category_id uuid NOT NULL REFERENCES complaint_categories(id),
  description text NOT NULL,
  address text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  reporter_name text,
  reporter_phone text,
  unit_id uuid NOT NULL REFERENCES units(id),      -- the squadron handling it (routed by jurisdiction, re-routed by a clerk)
  status text NOT NULL CHECK (status IN ('accepted', 'dispatched', 'signed', 'handling', 'handled', 'replied', 'closed', 'returned')),
  received_at timestamptz NOT NULL,                -- when the citizen's complaint was received (the sender's time for 12345)
  contact_due_at timestamptz NOT NULL,             -- 首次联系 deadline
  due_at timestamptz NOT NULL,                     -- 处置 deadline
  contacted_at timestamptz,
  handled_at timestamptz,
  replied_at timestamptz,
  closed_at timestamptz,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((external_no IS NULL) = (external_system IS NULL))
);
--> statement-breakpoint
-- Idempotent intake: one complaint per order number of a sending system.
CREATE UNIQUE INDEX IF NOT EXISTS complaints_external_uq ON complaints (external_system, external_no) WHERE external_no IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_unit_status_received_idx ON complaints (unit_id, status, received_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_received_idx ON complaints (received_at DESC, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_category_received_idx ON complaints (category_id, received_at DESC);
--> statement-breakpoint
-- Overdue and near-due warnings look only at complaints still open.
CREATE INDEX IF NOT EXISTS complaints_open_due_idx ON complaints (due_at) WHERE status NOT IN ('handled', 'replied', 'closed');
--> statement-breakpoint
-- Duplicate search (same category within 50 m): a bounding box on lat/lon, the exact distance after.
CREATE INDEX IF NOT EXISTS complaints_category_geo_idx ON complaints (category_id, lat, lon);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaints_geo_idx ON complaints (lat, lon);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS complaint_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id uuid NOT NULL REFERENCES complaints(id),
  kind text NOT NULL CHECK (kind IN (
    'accepted', 'rerouted', 'dispatched', 'signed', 'handling', 'contacted', 'handled', 'replied', 'closed', 'returned',
    'extension_requested', 'extension_approved', 'extension_rejected', 'reopened', 'feedback', 'merged', 'linked', 'note'
  )),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  from_status text,
  to_status text,
  from_unit_id uuid REFERENCES units(id),          -- re-route (改派): from which squadron to which
  to_unit_id uuid REFERENCES units(id),
  note text,
  lat double precision,                            -- where the phone was, for steps reported from the field app
  lon double precision
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaint_events_complaint_idx ON complaint_events (complaint_id, id);
