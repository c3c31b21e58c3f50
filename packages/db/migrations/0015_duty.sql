-- 勤务 (duty): a squadron's plan for a date (published in advance, changes after publication logged), its shifts with an
-- area or patrol route, officers and vehicles; check-in/out from the phone with the position (flagged when outside the
-- area), duty log entries with photos, and leave. Positions while on duty are the tracking tables' (source_kind
-- 'officer'). Raw SQL like the dispatch and complaint tables; the duty module reads and writes it with SQL.

CREATE TABLE IF NOT EXISTS duty_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),      -- the squadron
  plan_date date NOT NULL,                         -- Shanghai calendar date
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  note text,
  published_at timestamptz,
  published_by_id uuid REFERENCES users(id),
  published_by_name text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
--> statement-breakpoint
-- One plan per squadron and day.
CREATE UNIQUE INDEX IF NOT EXISTS duty_plans_unit_date_uq ON duty_plans (unit_id, plan_date);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_plans_date_idx ON duty_plans (plan_date, unit_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_shifts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES duty_plans(id),
  name text NOT NULL,                              -- 早班 / 中班 / 晚班 …
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  area jsonb,                                      -- closed ring [[lon, lat], …]; NULL: the squadron's jurisdiction
  area_name text,
  patrol_route jsonb,                              -- line [[lon, lat], …], optional
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_shifts_plan_idx ON duty_shifts (plan_id, starts_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_shifts_time_idx ON duty_shifts (starts_at, ends_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_shift_members (
  shift_id uuid NOT NULL REFERENCES duty_shifts(id),
  officer_id uuid NOT NULL REFERENCES officers(id),
  role text NOT NULL CHECK (role IN ('leader', 'member')),
  PRIMARY KEY (shift_id, officer_id)
);
--> statement-breakpoint
-- Double-booking checks and 一人一档 look shifts up by officer.
CREATE INDEX IF NOT EXISTS duty_shift_members_officer_idx ON duty_shift_members (officer_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_shift_vehicles (
  shift_id uuid NOT NULL REFERENCES duty_shifts(id),
  vehicle_id uuid NOT NULL REFERENCES equipment_items(id),  -- an item of category 执法车辆
  PRIMARY KEY (shift_id, vehicle_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_shift_vehicles_vehicle_idx ON duty_shift_vehicles (vehicle_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_checkins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shift_id uuid NOT NULL REFERENCES duty_shifts(id),
  officer_id uuid NOT NULL REFERENCES officers(id),
  kind text NOT NULL CHECK (kind IN ('in', 'out')),
  at timestamptz NOT NULL,                         -- when the phone took it (may be queued offline)
  received_at timestamptz NOT NULL DEFAULT now(),
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  accuracy_m double precision,
  inside_area boolean NOT NULL,
  distance_to_area_m double precision NOT NULL,    -- 0 inside; otherwise metres to the area's edge
  area_source text NOT NULL CHECK (area_source IN ('shift', 'jurisdiction', 'none')),
  client_key text,                                 -- the phone's Idempotency-Key, when it sent one
  user_id uuid REFERENCES users(id)
);
--> statement-breakpoint
-- One check-in and one check-out per officer and shift.
CREATE UNIQUE INDEX IF NOT EXISTS duty_checkins_uq ON duty_checkins (shift_id, officer_id, kind);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_checkins_officer_idx ON duty_checkins (officer_id, at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_log_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  officer_id uuid NOT NULL REFERENCES officers(id),
  unit_id uuid NOT NULL REFERENCES units(id),      -- the officer's unit when written (scope)
  shift_id uuid REFERENCES duty_shifts(id),
  at timestamptz NOT NULL,
  text text NOT NULL,
  lat double precision,
  lon double precision,
  created_by_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_log_entries_officer_idx ON duty_log_entries (officer_id, at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_log_entries_shift_idx ON duty_log_entries (shift_id) WHERE shift_id IS NOT NULL;
--> statement-breakpoint
-- Photos of a log entry, in the database like complaint_photos.
CREATE TABLE IF NOT EXISTS duty_log_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES duty_log_entries(id),
  file_name text NOT NULL,
  mime_type text NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by_id uuid REFERENCES users(id),
  uploaded_by_name text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_log_photos_entry_idx ON duty_log_photos (entry_id, uploaded_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS duty_leaves (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  officer_id uuid NOT NULL REFERENCES officers(id),
  unit_id uuid NOT NULL REFERENCES units(id),      -- the officer's unit when requested (scope)
  from_date date NOT NULL,
  to_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('事假', '病假', '年休假', '调休')),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  requested_by_id uuid REFERENCES users(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by_id uuid REFERENCES users(id),
  decided_by_name text,
  decided_at timestamptz,
  decision_note text,
  version integer NOT NULL DEFAULT 1,
  CHECK (to_date >= from_date)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_leaves_officer_idx ON duty_leaves (officer_id, from_date);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_leaves_unit_idx ON duty_leaves (unit_id, status, from_date);
--> statement-breakpoint
-- What changed in a plan after it was published (the plan as published stays reconstructible).
CREATE TABLE IF NOT EXISTS duty_plan_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES duty_plans(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  summary text NOT NULL,
  before jsonb,
  after jsonb
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS duty_plan_changes_plan_idx ON duty_plan_changes (plan_id, id);
