DROP INDEX "equipment_items_unit_idx";--> statement-breakpoint
CREATE INDEX "equipment_items_unit_category_idx" ON "equipment_items" USING btree ("unit_id","category_id");