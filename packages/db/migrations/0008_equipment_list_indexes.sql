-- The 执法装备库 list at 1M items (bench/README.md, equipment-list): keyword search (资产编号/序列号/型号/品牌, ILIKE
-- '%q%') through trigram indexes instead of scanning every item, and the purchase-date sort in both directions as the
-- list query orders it (NULLS LAST, then id) instead of sorting every item on each request.
CREATE INDEX IF NOT EXISTS equipment_items_asset_tag_trgm ON equipment_items USING gin (asset_tag gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_serial_no_trgm ON equipment_items USING gin (serial_no gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_model_trgm ON equipment_items USING gin (model gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_brand_trgm ON equipment_items USING gin (brand gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_purchase_date_idx ON equipment_items (purchase_date, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_purchase_date_desc_idx ON equipment_items (purchase_date DESC NULLS LAST, id);
