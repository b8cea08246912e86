-- claim_changes_notify: a commit that changes a creditor's claims (a declaration, an
-- amendment, a review in a claim table, an event of its timeline) names the creditor on the
-- channel topic_changes ("claims:<subject>"), so that each service instance answers the
-- creditor's unchanged poll of GET /v1/claims (304) from memory (src/api/memo.c,
-- src/db/feedwatch.c). Statement-level: a claim table of 10,000 rows is one notification
-- per creditor, or a single "*" (every topic) when it touches more than 64 creditors.
CREATE OR REPLACE FUNCTION claim_changes_notify_subjects(subjects text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(array_length(subjects, 1), 0) > 64 THEN
        PERFORM pg_notify('topic_changes', '*');
    ELSE
        PERFORM pg_notify('topic_changes', 'claims:' || s) FROM unnest(subjects) s;
    END IF;
END $$;

-- claims itself: its rows carry the creditor
CREATE OR REPLACE FUNCTION claim_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claim_changes_notify_subjects(ARRAY(
        SELECT DISTINCT creditor_subject FROM changed WHERE creditor_subject IS NOT NULL));
    RETURN NULL;
END $$;

-- claim_events and claim_table_rows: their claim's creditor
CREATE OR REPLACE FUNCTION claim_parts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claim_changes_notify_subjects(ARRAY(
        SELECT DISTINCT c.creditor_subject FROM changed x JOIN claims c ON c.id = x.claim_id
        WHERE c.creditor_subject IS NOT NULL));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER claims_inserted_notify AFTER INSERT ON claims
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION claim_changes_notify();
CREATE OR REPLACE TRIGGER claims_updated_notify AFTER UPDATE ON claims
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION claim_changes_notify();
CREATE OR REPLACE TRIGGER claim_events_notify AFTER INSERT ON claim_events
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION claim_parts_notify();
CREATE OR REPLACE TRIGGER claim_table_rows_notify AFTER INSERT ON claim_table_rows
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION claim_parts_notify();
