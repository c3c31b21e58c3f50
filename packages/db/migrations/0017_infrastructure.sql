-- 基础设施登记 (infrastructure registry) of a squadron, as the standard's chapters 2–3 ask: network links with their
-- bandwidth, the 勤务指挥室 (own or shared), devices (display, dispatch, video-conference terminal, internal cameras,
-- HD audio/video recorders and networked access control of the business rooms, with verified recording retention),
-- video-conference test calls with the district and the machine-room log. The rules documents are unit_documents'.
-- Until the video module exists, cameras and retention are entered here as on-site facts. Raw SQL like the duty tables.

CREATE TABLE IF NOT EXISTS infra_network_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),      -- the squadron
  kind text NOT NULL CHECK (kind IN ('gov_extranet', 'internet')),  -- 政务外网 / 互联网
  provider text,                                   -- 运营商 / 接入单位
  up_mbps double precision NOT NULL CHECK (up_mbps > 0 AND up_mbps <= 100000),
  down_mbps double precision NOT NULL CHECK (down_mbps > 0 AND down_mbps <= 100000),
  note text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS infra_network_links_unit_idx ON infra_network_links (unit_id, kind);
--> statement-breakpoint
-- One 勤务指挥室 per squadron: its own, or shared with another unit (the district centre, a street office …).
CREATE TABLE IF NOT EXISTS infra_command_rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL UNIQUE REFERENCES units(id),
  mode text NOT NULL CHECK (mode IN ('own', 'shared')),
  shared_with text,                                -- with whom, when shared
  location text NOT NULL,
  area_m2 double precision CHECK (area_m2 IS NULL OR (area_m2 > 0 AND area_m2 <= 100000)),
  note text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((mode = 'shared') = (shared_with IS NOT NULL))
);
--> statement-breakpoint
-- Devices. Cameras sit at an internal location kind; recorders and access control in a business room; display, dispatch
-- and video-conference devices belong to the command room (no location kind). Retention is what was last verified
-- (oldest recording available), with the date it was checked.
CREATE TABLE IF NOT EXISTS infra_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  kind text NOT NULL CHECK (kind IN ('display', 'dispatch', 'video_conference', 'camera', 'av_recorder', 'access_control')),
  name text NOT NULL,
  model text,
  location_kind text CHECK (location_kind IN ('entrance', 'corridor', 'seized_storage', 'command_room', 'reception_hall', 'hearing_room', 'petition_room')),
  room text,                                       -- the exact place, e.g. “一楼东侧门厅”
  retention_days integer CHECK (retention_days IS NULL OR (retention_days >= 0 AND retention_days <= 3650)),
  retention_verified_on date,
  in_service boolean NOT NULL DEFAULT true,
  note text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((retention_days IS NULL) = (retention_verified_on IS NULL)),
  CHECK (kind <> 'camera' OR location_kind IN ('entrance', 'corridor', 'seized_storage', 'command_room')),
  CHECK (kind NOT IN ('av_recorder', 'access_control') OR location_kind IN ('reception_hall', 'hearing_room', 'petition_room')),
  CHECK (kind NOT IN ('display', 'dispatch', 'video_conference') OR location_kind IS NULL),
  CHECK (kind IN ('camera', 'av_recorder') OR retention_days IS NULL)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS infra_devices_unit_idx ON infra_devices (unit_id, kind);
--> statement-breakpoint
-- Video-conference test calls with the district command centre.
CREATE TABLE IF NOT EXISTS infra_test_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  at timestamptz NOT NULL,
  success boolean NOT NULL,
  counterpart text,                                -- who answered at the district, e.g. “区局指挥中心 王某”
  note text,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS infra_test_calls_unit_idx ON infra_test_calls (unit_id, at);
--> statement-breakpoint
-- 机房记录: duty rounds, maintenance and faults of the machine room.
CREATE TABLE IF NOT EXISTS infra_machine_room_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('watch', 'maintenance', 'fault')),  -- 值守 / 维护 / 故障
  text text NOT NULL,
  created_by_id uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS infra_machine_room_logs_unit_idx ON infra_machine_room_logs (unit_id, at);
