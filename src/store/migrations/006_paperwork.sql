-- 006: the office's order of units, the evaluation's marks by hand, the commendation list.
-- sort_order: the office's own order (1 first); units without one follow, by pinyin.
ALTER TABLE unit ADD COLUMN sort_order INTEGER;

-- Points the office adds to (or takes from) a unit's evaluation, with the reason.
-- points_tenths: tenths of a point (25 = 2.5 points). A withdrawn mark stays on record.
CREATE TABLE evaluation_mark (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    year          INTEGER NOT NULL,
    points_tenths INTEGER NOT NULL,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    marked_on     TEXT NOT NULL,
    operator      TEXT NOT NULL,
    withdrawn_on  TEXT
);
CREATE INDEX evaluation_mark_unit ON evaluation_mark(unit_id, year);

-- The office's final list: excellent items (优秀提案 / 优秀建议) and advanced units (先进承办单位).
CREATE TABLE commendation (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('item', 'unit')),
    item_id     INTEGER REFERENCES item(id),
    unit_id     INTEGER REFERENCES unit(id),
    note        TEXT NOT NULL DEFAULT '',
    added_on    TEXT NOT NULL,
    operator    TEXT NOT NULL,
    removed_on  TEXT,
    CHECK ((kind = 'item' AND item_id IS NOT NULL) OR (kind = 'unit' AND unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX commendation_once ON commendation(year, kind, coalesce(item_id, 0), coalesce(unit_id, 0)) WHERE removed_on IS NULL;
