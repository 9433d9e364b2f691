-- 001: the whole ledger. Append-only: a shipped migration is never edited.
-- Nothing a report or the audit needs is deleted: rows are ended, reopened or superseded.

CREATE TABLE meeting (
    id          INTEGER PRIMARY KEY,
    body        TEXT NOT NULL CHECK (body IN ('npc', 'cppcc')),
    level       TEXT NOT NULL,
    term        INTEGER NOT NULL,
    session     INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    name        TEXT NOT NULL UNIQUE,
    opened_on   TEXT,
    closed_on   TEXT,
    archived    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    short_name  TEXT NOT NULL,
    head        TEXT NOT NULL DEFAULT '',
    deputy_head TEXT NOT NULL DEFAULT '',
    clerk       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    search_keys TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1
);

-- Deputies, members, and collectives (a party, sector or committee).
CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL CHECK (body IN ('npc', 'cppcc')),
    collective  INTEGER NOT NULL DEFAULT 0,
    delegation  TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    search_keys TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (body, name, delegation)
);

-- status, due_on, lead_name and units_label are derived from the records below and
-- refreshed in the same transaction as every change, so the ledger reads one table.
CREATE TABLE item (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
    kind        TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')),
    number      TEXT NOT NULL,
    number_key  TEXT NOT NULL,
    title       TEXT NOT NULL,
    body_text   TEXT NOT NULL DEFAULT '',
    topic       TEXT NOT NULL DEFAULT '',
    filed_on    TEXT NOT NULL,
    timing      TEXT NOT NULL CHECK (timing IN ('during', 'between')),
    key_item    INTEGER NOT NULL DEFAULT 0,
    leader      TEXT NOT NULL DEFAULT '',
    filing      TEXT NOT NULL DEFAULT 'filed'
                CHECK (filing IN ('received', 'filed', 'not_filed', 'opinion', 'merged', 'withdrawn')),
    filing_note TEXT NOT NULL DEFAULT '',
    merged_into INTEGER REFERENCES item(id),
    status      TEXT NOT NULL DEFAULT 'unassigned',
    due_on      TEXT,
    lead_name   TEXT NOT NULL DEFAULT '',
    units_label TEXT NOT NULL DEFAULT '',
    search_keys TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, number_key)
);
CREATE INDEX item_status ON item(status);
CREATE INDEX item_due ON item(due_on);

CREATE TABLE item_proposer (
    item_id     INTEGER NOT NULL REFERENCES item(id),
    person_id   INTEGER NOT NULL REFERENCES person(id),
    position    INTEGER NOT NULL,  -- 0 is the lead proposer (领衔)
    PRIMARY KEY (item_id, person_id)
);
CREATE INDEX item_proposer_person ON item_proposer(person_id);

-- An active assignment has ended_on NULL. Re-assigning ends the old row.
CREATE TABLE assignment (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES item(id),
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    role          TEXT NOT NULL CHECK (role IN ('lead', 'split', 'co_handling')),
    assigned_on   TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    deadline_note TEXT NOT NULL DEFAULT '',
    received_on   TEXT,
    ended_on      TEXT,
    end_reason    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assignment_item ON assignment(item_id);
CREATE INDEX assignment_unit ON assignment(unit_id);
CREATE UNIQUE INDEX assignment_active_once ON assignment(item_id, unit_id) WHERE ended_on IS NULL;

-- 申请调整 / 退回
CREATE TABLE reassignment_request (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignment(id),
    requested_on  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    decision      TEXT CHECK (decision IN ('approved', 'refused')),
    decided_on    TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT ''
);

-- 会办意见
CREATE TABLE co_opinion (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignment(id),
    received_on   TEXT NOT NULL,
    doc_number    TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX co_opinion_assignment ON co_opinion(assignment_id);

-- 沟通
CREATE TABLE contact (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES item(id),
    unit_id       INTEGER REFERENCES unit(id),
    stage         TEXT NOT NULL CHECK (stage IN ('before', 'during', 'at_reply', 'after')),
    method        TEXT NOT NULL CHECK (method IN ('phone', 'visit', 'seminar', 'on_site', 'online', 'letter')),
    contacted_on  TEXT NOT NULL,
    participants  TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_item ON contact(item_id);

-- 面复
CREATE TABLE face_to_face (
    id                INTEGER PRIMARY KEY,
    item_id           INTEGER NOT NULL REFERENCES item(id),
    unit_id           INTEGER NOT NULL REFERENCES unit(id),
    met_on            TEXT NOT NULL,
    place             TEXT NOT NULL DEFAULT '',
    rank              TEXT NOT NULL CHECK (rank IN ('head', 'deputy_head', 'staff')),
    replier           TEXT NOT NULL DEFAULT '',
    office_present    INTEGER NOT NULL DEFAULT 0,
    proposers_present TEXT NOT NULL DEFAULT '',
    reaction          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX face_to_face_item ON face_to_face(item_id);

-- 答复. review is the state of the latest decision on it.
CREATE TABLE reply (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignment(id),
    round         INTEGER NOT NULL DEFAULT 1,
    replied_on    TEXT NOT NULL,
    doc_number    TEXT NOT NULL UNIQUE,
    signer        TEXT NOT NULL DEFAULT '',
    result_class  TEXT NOT NULL,
    disclosure    TEXT NOT NULL CHECK (disclosure IN ('public', 'not_public', 'on_request')),
    consent       INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL DEFAULT '',
    review        TEXT NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'approved', 'returned'))
);
CREATE INDEX reply_assignment ON reply(assignment_id);

-- 审核
CREATE TABLE review (
    id          INTEGER PRIMARY KEY,
    reply_id    INTEGER NOT NULL REFERENCES reply(id),
    decision    TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
    reviewed_on TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
);

-- 承诺事项
CREATE TABLE commitment (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES item(id),
    reply_id    INTEGER REFERENCES reply(id),
    description TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    done_on     TEXT,
    carried     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commitment_item ON commitment(item_id);

-- 满意度
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES item(id),
    person_id   INTEGER REFERENCES person(id),
    round       INTEGER NOT NULL DEFAULT 1,
    level       TEXT NOT NULL CHECK (level IN ('satisfied', 'basic', 'unsatisfied')),
    received_on TEXT NOT NULL,
    comments    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_item ON feedback(item_id);

-- 二次办理
CREATE TABLE second_round (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES item(id),
    unit_id     INTEGER REFERENCES unit(id),
    reason      TEXT NOT NULL CHECK (reason IN ('feedback', 'returned', 'commitment_overdue', 'leader', 'attention')),
    leader      TEXT NOT NULL DEFAULT '',
    opened_on   TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    closed_on   TEXT,
    outcome     TEXT CHECK (outcome IN ('satisfied', 'basic', 'unsatisfied')),
    escalation  TEXT CHECK (escalation IN ('consultation', 'written'))
);
CREATE INDEX second_round_item ON second_round(item_id);

CREATE TABLE progress_note (
    id              INTEGER PRIMARY KEY,
    second_round_id INTEGER NOT NULL REFERENCES second_round(id),
    noted_on        TEXT NOT NULL,
    text            TEXT NOT NULL
);

-- 销号, and its reopening.
CREATE TABLE closure (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES item(id),
    closed_on     TEXT NOT NULL,
    operator      TEXT NOT NULL,
    forced_reason TEXT NOT NULL DEFAULT '',
    reopened_on   TEXT,
    reopen_reason TEXT NOT NULL DEFAULT '',
    reopened_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX closure_item ON closure(item_id);

-- 催办 and 约谈
CREATE TABLE reminder (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    item_id     INTEGER REFERENCES item(id),
    kind        TEXT NOT NULL CHECK (kind IN ('reminder', 'interview')),
    reminded_on TEXT NOT NULL,
    method      TEXT NOT NULL DEFAULT '',
    to_whom     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reminder_unit ON reminder(unit_id);

-- Append-only. hash = sha256(prev_hash | the row's own fields), so an edited or deleted
-- row breaks the chain.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    item_id     INTEGER,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_item ON audit_log(item_id);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
