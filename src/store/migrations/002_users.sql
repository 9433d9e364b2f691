-- 002: users and roles. A database with no users treats every account as administrator
-- (a one-clerk office); once a user exists, unknown accounts read only.
CREATE TABLE app_user (
    account     TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'unit_clerk', 'leader')),
    added_on    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    removed_on  TEXT
);

CREATE TABLE app_user_unit (
    account     TEXT NOT NULL REFERENCES app_user(account),
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (account, unit_id)
);
