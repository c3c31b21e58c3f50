-- 诉件 lifecycle: 延期 requests waiting for a leader, the reply and the citizen's satisfaction, 重办 and 退回 counts,
-- merged duplicates and cross-links, before/after photos, the Open311 API keys, and the idempotency keys the field app
-- sends with every queued action so a replay after a dead zone is applied exactly once.

ALTER TABLE complaints ADD COLUMN IF NOT EXISTS extension_pending boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS extension_requested_due_at timestamptz;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS handling_note text;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS handled_on_time boolean;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS reply_text text;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied'));
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS feedback_at timestamptz;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS reopen_count integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS return_count integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE complaints ADD COLUMN IF NOT EXISTS merged_into_id uuid REFERENCES complaints(id);
--> statement-breakpoint
-- Complaints merged into another are closed with it; the list hides them by default.
CREATE INDEX IF NOT EXISTS complaints_merged_into_idx ON complaints (merged_into_id) WHERE merged_into_id IS NOT NULL;
--> statement-breakpoint
ALTER TABLE complaint_events DROP CONSTRAINT IF EXISTS complaint_events_kind_check;
--> statement-breakpoint
ALTER TABLE complaint_events ADD CONSTRAINT complaint_events_kind_check CHECK (kind IN (
  'accepted', 'rerouted', 'dispatched', 'signed', 'handling', 'contacted', 'handled', 'replied', 'closed', 'returned',
  'extension_requested', 'extension_approved', 'extension_rejected', 'reopened', 'feedback', 'merged', 'linked', 'note', 'photo'
));
--> statement-breakpoint
-- Cross-links between complaints about the same thing (a pair is stored once, smaller id first).
CREATE TABLE IF NOT EXISTS complaint_links (
  a_id uuid NOT NULL REFERENCES complaints(id),
  b_id uuid NOT NULL REFERENCES complaints(id),
  kind text NOT NULL CHECK (kind IN ('duplicate', 'merged')),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (a_id, b_id),
  CHECK (a_id < b_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaint_links_b_idx ON complaint_links (b_id);
--> statement-breakpoint
-- Photos taken on the phone (before/after handling) or attached by a clerk. Stored in the database like the rules
-- documents; an object store takes over when one machine is outgrown.
CREATE TABLE IF NOT EXISTS complaint_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id uuid NOT NULL REFERENCES complaints(id),
  event_id bigint REFERENCES complaint_events(id),
  stage text NOT NULL CHECK (stage IN ('intake', 'before', 'after')),
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  taken_at timestamptz,
  lat double precision,
  lon double precision,
  uploaded_by_id uuid REFERENCES users(id),
  uploaded_by_name text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS complaint_photos_complaint_idx ON complaint_photos (complaint_id, uploaded_at);
--> statement-breakpoint
-- Open311 GeoReport v2 API keys: only the SHA-256 of the key is kept. A key acts as its service user, in that user's scope.
CREATE TABLE IF NOT EXISTS open311_api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  key_sha256 text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
--> statement-breakpoint
-- Idempotency keys of client actions (the field app's offline queue): the first answer is kept and replayed.
CREATE TABLE IF NOT EXISTS client_requests (
  user_id uuid NOT NULL REFERENCES users(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
