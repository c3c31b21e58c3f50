CREATE TABLE "inventory_round_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"item_id" uuid,
	"asset_tag" text NOT NULL,
	"expected" boolean NOT NULL,
	"expected_status" text,
	"expected_holder_officer_id" uuid,
	"result" text NOT NULL,
	"found_holder_officer_id" uuid,
	"found_location" text,
	"method" text,
	"counted_by_id" uuid,
	"counted_by_name" text,
	"counted_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "inventory_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"status" text NOT NULL,
	"started_by_id" uuid,
	"started_by_name" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by_id" uuid,
	"closed_by_name" text,
	"closed_at" timestamp with time zone,
	"summary" jsonb
);
--> statement-breakpoint
ALTER TABLE "inventory_round_items" ADD CONSTRAINT "inventory_round_items_round_id_inventory_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."inventory_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_round_items" ADD CONSTRAINT "inventory_round_items_item_id_equipment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."equipment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_rounds" ADD CONSTRAINT "inventory_rounds_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_round_items_tag_uq" ON "inventory_round_items" USING btree ("round_id","asset_tag");--> statement-breakpoint
CREATE INDEX "inventory_round_items_round_idx" ON "inventory_round_items" USING btree ("round_id","result");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_rounds_unit_quarter_uq" ON "inventory_rounds" USING btree ("unit_id","year","quarter");