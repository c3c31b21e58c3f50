-- One 终端手机号 identifies one JT/T 808 terminal in service: the gateway looks terminals up by it on every
-- connection, and two items with the same number would merge two devices' tracks. Scrapped or lost terminals free
-- their number. (The service checks first, to answer with a field-level message; this index is the guarantee.)
CREATE UNIQUE INDEX IF NOT EXISTS equipment_items_terminal_phone_uq ON equipment_items ((attributes->>'terminalPhone'))
  WHERE attributes ? 'terminalPhone' AND status NOT IN ('报废', '遗失');
