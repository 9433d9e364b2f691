-- 003: filing review (立案) decisions on the item.
ALTER TABLE item ADD COLUMN filing_ground TEXT NOT NULL DEFAULT '';
ALTER TABLE item ADD COLUMN filing_on TEXT;
ALTER TABLE item ADD COLUMN opinion_unit_id INTEGER REFERENCES unit(id);
