-- `banli search` reads the item rows it scores from here, packed 1,024 ids to a row, instead
-- of row by row from `item` (issue 19: the whole command at 10k items). Derived data: a pack
-- is dropped by these triggers whenever an item of its ids is added, changed in a searched
-- field or removed, and written again by the next `banli search` of a clerk or administrator
-- (src/store/search_pack.rs). Not copied by `banli migrate`; a server has no packs.
CREATE TABLE search_pack (
    chunk INTEGER PRIMARY KEY,   -- item id >> 10
    rows  BLOB NOT NULL
);
CREATE TRIGGER search_pack_item_added AFTER INSERT ON item BEGIN
    DELETE FROM search_pack WHERE chunk = NEW.id >> 10;
END;
CREATE TRIGGER search_pack_item_changed
AFTER UPDATE OF id, number_key, title, meeting_id, topic, search_keys ON item BEGIN
    DELETE FROM search_pack WHERE chunk IN (OLD.id >> 10, NEW.id >> 10);
END;
CREATE TRIGGER search_pack_item_removed AFTER DELETE ON item BEGIN
    DELETE FROM search_pack WHERE chunk = OLD.id >> 10;
END;
