-- 指挥调度 (勤务指挥室): a task at a point, dispatched to vehicles and officers, each assignment moving through
-- 已派/已接收/已到达/已完成 on the field app, and the timeline of everything that happened. Raw SQL like the tracking
-- tables; the dispatch module reads and writes it with SQL.

CREATE TABLE IF NOT EXISTS dispatch_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,                       -- 调度单号 DD + yyyymmdd + 4 digits, per Shanghai day
  unit_id uuid NOT NULL REFERENCES units(id),      -- squadron whose jurisdiction holds the point (else the creator's unit)
  title text NOT NULL,
  description text,
  priority text NOT NULL CHECK (priority IN ('urgent', 'normal')),
  wanted_type text NOT NULL CHECK (wanted_type IN ('any', 'vehicle', 'person')),
  address text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'dispatched', 'received', 'arrived', 'completed', 'cancelled')),
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dispatch_tasks_unit_created_idx ON dispatch_tasks (unit_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dispatch_tasks_open_idx ON dispatch_tasks (created_at DESC) WHERE status NOT IN ('completed', 'cancelled');
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS dispatch_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES dispatch_tasks(id),
  source_id uuid NOT NULL,                         -- the map object: a terminal (equipment item) or an officer
  source_kind text NOT NULL CHECK (source_kind IN ('terminal', 'officer')),
  object_type text NOT NULL CHECK (object_type IN ('vehicle', 'person')),
  vehicle_id uuid REFERENCES equipment_items(id),
  officer_id uuid NOT NULL REFERENCES officers(id), -- who receives it on the field app (a vehicle's 责任人)
  label text NOT NULL,
  status text NOT NULL CHECK (status IN ('dispatched', 'received', 'arrived', 'completed', 'cancelled')),
  distance_m double precision,                     -- straight-line distance when dispatched
  dispatched_at timestamptz NOT NULL DEFAULT now(),
  received_at timestamptz,
  arrived_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  result_note text
);
--> statement-breakpoint
-- A unit is sent to a task once (a withdrawn assignment may be sent again).
CREATE UNIQUE INDEX IF NOT EXISTS dispatch_assignments_live_uq ON dispatch_assignments (task_id, source_id) WHERE status <> 'cancelled';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dispatch_assignments_officer_idx ON dispatch_assignments (officer_id, dispatched_at DESC);
--> statement-breakpoint
-- "Busy" lookups for the nearest-available recommendation.
CREATE INDEX IF NOT EXISTS dispatch_assignments_active_idx ON dispatch_assignments (source_id) WHERE status IN ('dispatched', 'received', 'arrived');
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS dispatch_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES dispatch_tasks(id),
  assignment_id uuid REFERENCES dispatch_assignments(id),
  kind text NOT NULL CHECK (kind IN ('created', 'dispatched', 'received', 'arrived', 'completed', 'withdrawn', 'cancelled', 'note')),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  note text,
  lat double precision,                            -- where the phone was when it reported the step
  lon double precision
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dispatch_events_task_idx ON dispatch_events (task_id, id);
