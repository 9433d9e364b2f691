-- 005: one answer to "is the entry open", and whose a second round is.

-- Open vs closed, for every query that asks (ledger, archive, supervision, the queue sweep).
-- is_open mirrors domain::closure::is_open, closable mirrors domain::closure::closable; a
-- test checks every status against both.
CREATE VIEW item_state AS
SELECT id AS item_id,
       status NOT IN ('closed', 'not_filed', 'opinion', 'merged', 'withdrawn') AS is_open,
       status NOT IN ('closed', 'not_filed', 'opinion', 'merged', 'withdrawn', 'received') AS closable
FROM item;

-- The proposers a second round belongs to: for a round opened by feedback, those who answered
-- at a level that sends the item back; for a round opened by hand, every proposer. The round
-- turns satisfied only when each of them has answered in it.
CREATE TABLE second_round_proposer (
    second_round_id BIGINT NOT NULL REFERENCES second_round(id) ON DELETE CASCADE,
    person_id       BIGINT REFERENCES person(id),
    -- SQLite's implicit rowid (insertion order), which the store orders by.
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX second_round_proposer_round ON second_round_proposer(second_round_id);

-- Rounds opened by feedback before this version: they belong to who answered 不满意 in the
-- first round by the day the round opened.
INSERT INTO second_round_proposer (second_round_id, person_id)
SELECT DISTINCT s.id, f.person_id
FROM second_round s JOIN feedback f ON f.item_id = s.item_id
WHERE s.reason = 'feedback' AND f.round = 1 AND f.level = 'unsatisfied' AND f.received_on <= s.opened_on;
