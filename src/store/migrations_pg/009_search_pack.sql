-- Schema version 9. SQLite's 009 adds `search_pack`, the item rows `banli search` reads packed;
-- on a server `banli search` reads the item table, so there is nothing to add here.
SELECT 1;
