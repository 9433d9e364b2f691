-- 002: users and roles. A database with no users treats every account as administrator
-- (a one-clerk office); once a user exists, unknown accounts read only.
CREATE TABLE app_user (
    account     TEXT COLLATE "C" PRIMARY KEY,
    role        TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'clerk', 'unit_clerk', 'leader')),
    added_on    DATE NOT NULL,
    added_by    TEXT COLLATE "C" NOT NULL,
    removed_on  DATE
);

CREATE TABLE app_user_unit (
    account     TEXT COLLATE "C" NOT NULL REFERENCES app_user(account),
    unit_id     BIGINT NOT NULL REFERENCES unit(id),
    PRIMARY KEY (account, unit_id)
);
