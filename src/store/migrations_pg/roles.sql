-- PostgreSQL only, applied by the owner after the migrations (`banli init`, and whenever a
-- newer banli migrates): the four group roles, what each may do, the row-level policies of
-- a unit clerk, the one way into the audit log, and the change notifications. Safe to run
-- again: every statement replaces what it makes.

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['banli_admin', 'banli_clerk', 'banli_unit_clerk', 'banli_leader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            -- Another ledger of the cluster may be making it at this moment.
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END $$;

-- Who is acting: the session's login. The owner (who made the ledger) is the office's
-- administrator of the database and is not limited by the policies below.
CREATE OR REPLACE FUNCTION banli_is_owner() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                                     WHERE schemaname = current_schema() AND tablename = 'item'), 'MEMBER') $$;

CREATE OR REPLACE FUNCTION banli_my_units() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT x.unit_id FROM app_user_unit x JOIN app_user u ON u.account = x.account
   WHERE x.account = session_user AND u.removed_on IS NULL $$;

-- An item one of the clerk's units has an assignment on (co-handling included).
CREATE OR REPLACE FUNCTION banli_item_visible(i bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = i AND a.unit_id IN (SELECT banli_my_units())) $$;

-- An assignment of one of the clerk's units.
CREATE OR REPLACE FUNCTION banli_assignment_mine(i bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.id = i AND a.unit_id IN (SELECT banli_my_units())) $$;

CREATE OR REPLACE FUNCTION banli_assignment_visible(i bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.id = i AND banli_item_visible(a.item_id)) $$;

CREATE OR REPLACE FUNCTION banli_reply_visible(i bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM reply r WHERE r.id = i AND banli_assignment_visible(r.assignment_id)) $$;

CREATE OR REPLACE FUNCTION banli_round_visible(i bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM second_round s WHERE s.id = i AND banli_item_visible(s.item_id)) $$;

-- The only way into the audit log: under the chain lock, so the chain stays one line with
-- many writers; the hash is the one of store::tx::audit_hash (each part, then 0x1f).
-- The operator is the session's login, or the login entering on behalf of someone
-- ("wangfang 代 李明"); the owner may record any name (tests, migration).
CREATE OR REPLACE FUNCTION banli_audit_append(p_at text, p_operator text, p_entity text, p_entity_id bigint,
    p_item_id bigint, p_action text, p_before text, p_after text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    prev text;
    h text;
BEGIN
    IF p_operator IS DISTINCT FROM session_user::text AND p_operator NOT LIKE session_user || ' 代 %'
       AND NOT banli_is_owner() THEN
        RAISE EXCEPTION 'audit operator % is not the session login %', p_operator, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(7362);
    SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
    prev := coalesce(prev, '');
    h := encode(sha256(convert_to(
            prev || chr(31) || p_at || chr(31) || p_operator || chr(31) || p_entity || chr(31)
            || p_entity_id::text || chr(31) || coalesce(p_item_id::text, '') || chr(31) || p_action || chr(31)
            || coalesce(p_before, '') || chr(31) || coalesce(p_after, '') || chr(31), 'UTF8')), 'hex');
    INSERT INTO audit_log (at, operator, entity, entity_id, item_id, action, before, after, prev_hash, hash)
    VALUES (p_at, p_operator, p_entity, p_entity_id, p_item_id, p_action, p_before, p_after, prev, h);
END $$;

-- Every commit that changes the ledger tells the listening screens (LISTEN banli_change).
CREATE OR REPLACE FUNCTION banli_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('banli_change', TG_TABLE_NAME);
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['item', 'meeting', 'unit', 'person', 'app_user', 'app_user_unit', 'audit_log'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS banli_notify ON %I', t);
        EXECUTE format('CREATE TRIGGER banli_notify AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION banli_notify()', t);
    END LOOP;
END $$;

-- What each role may do. Leaders read; the office writes; nobody but the owner changes or
-- deletes the audit log, and nobody inserts into it except through banli_audit_append.
DO $$
DECLARE s text := quote_ident(current_schema());
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %s TO banli_admin, banli_clerk, banli_unit_clerk, banli_leader', s);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO banli_admin, banli_clerk, banli_unit_clerk, banli_leader', s);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO banli_admin, banli_clerk', s);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %s TO banli_admin, banli_clerk, banli_unit_clerk', s);
END $$;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, banli_admin, banli_clerk, banli_unit_clerk, banli_leader;
REVOKE INSERT, UPDATE, DELETE ON app_user, app_user_unit, schema_version FROM banli_clerk;
REVOKE ALL ON FUNCTION banli_audit_append(text, text, text, bigint, bigint, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION banli_audit_append(text, text, text, bigint, bigint, text, text, text)
    TO banli_admin, banli_clerk, banli_unit_clerk;

-- A unit clerk writes their units' handling records, and the item's derived columns that
-- every action refreshes; the policies below say which rows.
GRANT INSERT, UPDATE ON reply, co_opinion, contact, face_to_face, reassignment_request, commitment, progress_note
    TO banli_unit_clerk;
GRANT UPDATE (received_on, version) ON assignment TO banli_unit_clerk;
GRANT UPDATE (version, status, due_on, lead_name, units_label, search_keys) ON item TO banli_unit_clerk;

-- Row-level security: the office sees and writes every row; a unit clerk only the rows of
-- items where one of their units has an assignment, and writes only their own units' records.
DO $$
DECLARE
    t text;
    office text := 'banli_admin, banli_clerk, banli_leader';
BEGIN
    FOREACH t IN ARRAY ARRAY['item', 'item_proposer', 'assignment', 'reassignment_request', 'co_opinion', 'contact',
        'face_to_face', 'reply', 'review', 'commitment', 'feedback', 'second_round', 'second_round_proposer',
        'progress_note', 'closure', 'reminder', 'commendation', 'audit_log'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS office ON %I', t);
        EXECUTE format('CREATE POLICY office ON %I TO %s USING (true) WITH CHECK (true)', t, office);
        EXECUTE format('DROP POLICY IF EXISTS unit_read ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS unit_insert ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS unit_update ON %I', t);
    END LOOP;
END $$;

CREATE POLICY unit_read ON item FOR SELECT TO banli_unit_clerk USING (banli_item_visible(id));
CREATE POLICY unit_update ON item FOR UPDATE TO banli_unit_clerk USING (banli_item_visible(id));
CREATE POLICY unit_read ON item_proposer FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_read ON assignment FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_update ON assignment FOR UPDATE TO banli_unit_clerk
    USING (unit_id IN (SELECT banli_my_units())) WITH CHECK (unit_id IN (SELECT banli_my_units()));
CREATE POLICY unit_read ON contact FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_insert ON contact FOR INSERT TO banli_unit_clerk WITH CHECK (unit_id IN (SELECT banli_my_units()));
CREATE POLICY unit_read ON face_to_face FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_insert ON face_to_face FOR INSERT TO banli_unit_clerk WITH CHECK (unit_id IN (SELECT banli_my_units()));
CREATE POLICY unit_read ON commitment FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_insert ON commitment FOR INSERT TO banli_unit_clerk WITH CHECK (banli_item_visible(item_id));
CREATE POLICY unit_read ON feedback FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_read ON second_round FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_read ON closure FOR SELECT TO banli_unit_clerk USING (banli_item_visible(item_id));
CREATE POLICY unit_read ON reminder FOR SELECT TO banli_unit_clerk USING (unit_id IN (SELECT banli_my_units()));
CREATE POLICY unit_read ON commendation FOR SELECT TO banli_unit_clerk
    USING (unit_id IN (SELECT banli_my_units()) OR banli_item_visible(item_id));
CREATE POLICY unit_read ON reply FOR SELECT TO banli_unit_clerk USING (banli_assignment_visible(assignment_id));
CREATE POLICY unit_insert ON reply FOR INSERT TO banli_unit_clerk WITH CHECK (banli_assignment_mine(assignment_id));
CREATE POLICY unit_read ON co_opinion FOR SELECT TO banli_unit_clerk USING (banli_assignment_visible(assignment_id));
CREATE POLICY unit_insert ON co_opinion FOR INSERT TO banli_unit_clerk WITH CHECK (banli_assignment_mine(assignment_id));
CREATE POLICY unit_read ON reassignment_request FOR SELECT TO banli_unit_clerk USING (banli_assignment_visible(assignment_id));
CREATE POLICY unit_insert ON reassignment_request FOR INSERT TO banli_unit_clerk
    WITH CHECK (banli_assignment_mine(assignment_id));
CREATE POLICY unit_read ON review FOR SELECT TO banli_unit_clerk USING (banli_reply_visible(reply_id));
CREATE POLICY unit_read ON second_round_proposer FOR SELECT TO banli_unit_clerk USING (banli_round_visible(second_round_id));
CREATE POLICY unit_read ON progress_note FOR SELECT TO banli_unit_clerk USING (banli_round_visible(second_round_id));
CREATE POLICY unit_insert ON progress_note FOR INSERT TO banli_unit_clerk WITH CHECK (banli_round_visible(second_round_id));
CREATE POLICY unit_read ON audit_log FOR SELECT TO banli_unit_clerk
    USING (banli_item_visible(item_id) OR operator = session_user::text OR operator LIKE session_user || ' 代 %');
