-- application_changes_notify: a commit that changes what GET /v1/applications/{id} answers
-- (its stored doc, or anything application_visible reads to decide who may see it) names
-- the application on the channel topic_changes ("application:<id>"), so that each service
-- instance forgets the document it keeps in memory (src/api/appcache.c, src/db/feedwatch.c).
-- More than 64 applications in one statement is a single "*" (every topic). Inserts need no
-- notification: memory keeps only documents that were found.
-- A service connection (application_name 'bankruptcyd') is also told at once, by a NOTICE
-- of the same topic, so that the writer forgets before it replies, without waiting for the
-- notification to come back (src/db/conn.c).
CREATE OR REPLACE FUNCTION application_changes_notify_ids(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    here boolean := current_setting('application_name', true) = 'bankruptcyd';
    t text;
BEGIN
    IF coalesce(array_length(ids, 1), 0) > 64 THEN
        PERFORM pg_notify('topic_changes', '*');
        IF here THEN
            RAISE NOTICE 'bankruptcyd topic_changes: *';
        END IF;
        RETURN;
    END IF;
    FOR t IN SELECT DISTINCT 'application:' || i FROM unnest(ids) i WHERE i IS NOT NULL LOOP
        PERFORM pg_notify('topic_changes', t);
        IF here THEN
            RAISE NOTICE 'bankruptcyd topic_changes: %', t;
        END IF;
    END LOOP;
END $$;

-- applications itself: every update rewrites the doc (sql/310) and may change its
-- visibility (applicant, co-applicants, debtors, administrator)
CREATE OR REPLACE FUNCTION application_rows_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM application_changes_notify_ids(ARRAY(SELECT id FROM changed));
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER applications_updated_notify AFTER UPDATE ON applications
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION application_rows_notify();
CREATE OR REPLACE TRIGGER applications_deleted_notify AFTER DELETE ON applications
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION application_rows_notify();

-- What application_visible reads beside the row (sql/110), each only when it changes what
-- the function reads: a debtor's login, a claim's case or creditor, an administrator's
-- status. A WHEN clause costs the other updates no function call.
CREATE OR REPLACE FUNCTION application_visibility_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'debtors' THEN
        PERFORM application_changes_notify_ids(ARRAY(
            SELECT id FROM applications WHERE debtor_id = OLD.id
            UNION SELECT id FROM applications WHERE joint_debtor_id = OLD.id));
    ELSIF TG_TABLE_NAME = 'claims' THEN
        PERFORM application_changes_notify_ids(ARRAY[OLD.case_id]);
    ELSE
        PERFORM application_changes_notify_ids(ARRAY(
            SELECT id FROM applications WHERE administrator_id = OLD.id));
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER debtors_subject_notify AFTER UPDATE ON debtors FOR EACH ROW
    WHEN (OLD.subject IS DISTINCT FROM NEW.subject)
    EXECUTE FUNCTION application_visibility_notify();
CREATE OR REPLACE TRIGGER claims_membership_notify AFTER UPDATE ON claims FOR EACH ROW
    WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id
          OR OLD.creditor_subject IS DISTINCT FROM NEW.creditor_subject)
    EXECUTE FUNCTION application_visibility_notify();
CREATE OR REPLACE TRIGGER claims_deleted_notify AFTER DELETE ON claims FOR EACH ROW
    EXECUTE FUNCTION application_visibility_notify();
CREATE OR REPLACE TRIGGER administrators_status_notify AFTER UPDATE ON administrators
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION application_visibility_notify();
CREATE OR REPLACE TRIGGER administrators_deleted_notify AFTER DELETE ON administrators
    FOR EACH ROW EXECUTE FUNCTION application_visibility_notify();

-- Every migrate re-applies the definitions (application_json, application_visible among
-- them) in one transaction: at its commit every running instance forgets what it keeps.
DO $$ BEGIN PERFORM pg_notify('topic_changes', '*'); END $$;
