CREATE TABLE "equipment_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"group_name" text NOT NULL,
	"per_officer" boolean DEFAULT false NOT NULL,
	"attributes" jsonb NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"asset_tag" text NOT NULL,
	"serial_no" text,
	"brand" text,
	"model" text NOT NULL,
	"status" text NOT NULL,
	"responsible_officer_id" uuid,
	"holder_officer_id" uuid,
	"holder_vehicle_id" uuid,
	"expected_return_at" timestamp with time zone,
	"purchase_date" date,
	"warranty_until" date,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"location" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"officer_id" uuid,
	"expected_return_at" timestamp with time zone,
	"note" text,
	"approved_by_id" uuid,
	"approved_by_name" text,
	"acknowledged_at" timestamp with time zone,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_category_id_equipment_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."equipment_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_responsible_officer_id_officers_id_fk" FOREIGN KEY ("responsible_officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_holder_officer_id_officers_id_fk" FOREIGN KEY ("holder_officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_holder_vehicle_id_equipment_items_id_fk" FOREIGN KEY ("holder_vehicle_id") REFERENCES "public"."equipment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_ledger" ADD CONSTRAINT "equipment_ledger_item_id_equipment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."equipment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_ledger" ADD CONSTRAINT "equipment_ledger_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_ledger" ADD CONSTRAINT "equipment_ledger_officer_id_officers_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_categories_code_uq" ON "equipment_categories" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_items_asset_tag_uq" ON "equipment_items" USING btree ("asset_tag");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_items_model_serial_uq" ON "equipment_items" USING btree ("model","serial_no");--> statement-breakpoint
CREATE INDEX "equipment_items_unit_idx" ON "equipment_items" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "equipment_items_category_status_idx" ON "equipment_items" USING btree ("category_id","status");--> statement-breakpoint
CREATE INDEX "equipment_items_holder_officer_idx" ON "equipment_items" USING btree ("holder_officer_id");--> statement-breakpoint
CREATE INDEX "equipment_items_responsible_idx" ON "equipment_items" USING btree ("responsible_officer_id");--> statement-breakpoint
CREATE INDEX "equipment_ledger_item_idx" ON "equipment_ledger" USING btree ("item_id","at");--> statement-breakpoint
CREATE INDEX "equipment_ledger_officer_idx" ON "equipment_ledger" USING btree ("officer_id");--> statement-breakpoint
CREATE INDEX "equipment_ledger_unit_at_idx" ON "equipment_ledger" USING btree ("unit_id","at");