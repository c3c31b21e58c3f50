-- The 执法装备库 list at 1M items (bench/README.md, equipment-list): the 更新时间 sort walks (updated_at, id) in either
-- direction (the list orders NOT NULL columns with the id tie-breaker in the same direction) instead of sorting every
-- item; overdue=true reads the few items on loan from a partial index instead of every item's heap row.
CREATE INDEX IF NOT EXISTS equipment_items_updated_at_idx ON equipment_items (updated_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS equipment_items_on_loan_return_idx ON equipment_items (expected_return_at) WHERE status = '借出';
