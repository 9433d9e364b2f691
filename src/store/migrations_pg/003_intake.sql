-- 003: filing review (立案) decisions on the item.
ALTER TABLE item ADD COLUMN filing_ground TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE item ADD COLUMN filing_on DATE;
ALTER TABLE item ADD COLUMN opinion_unit_id BIGINT REFERENCES unit(id);
