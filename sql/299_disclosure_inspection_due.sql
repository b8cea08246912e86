-- disclosure_inspection_due: the inspection period's end (the deadline SZ-DIS-INSPECTION of
-- the case: opened with the declaration, moved by an extension) kept up to date in the
-- disclosed inspection entries, each change an `updated` position of the credit feed. The
-- deadline is written after the act that opens it (record_act), so the entry the act's
-- trigger wrote learns its end here; an extension later is an update too, so the disclosure
-- is never out of date (the "not updated" ground of SZ-INF-CORRECT).
CREATE OR REPLACE FUNCTION disclosure_inspection_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_entry uuid;
BEGIN
    PERFORM pg_advisory_xact_lock(7242002); -- the feed lock before the entries' rows
    FOR v_entry IN
        UPDATE disclosure_entries e
        SET fields = e.fields || jsonb_build_object('inspection_ends_on', NEW.due),
            updated_at = now()
        WHERE e.case_id = NEW.case_id AND e.node = 'inspection'
          AND e.fields ? 'inspection_ends_on'
          AND e.fields -> 'inspection_ends_on' IS DISTINCT FROM to_jsonb(NEW.due)
        RETURNING e.id LOOP
        PERFORM disclosure_change(v_entry, 'updated', 'SZ-INF-DISCLOSE');
    END LOOP;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER disclosure_inspection_due AFTER INSERT OR UPDATE OF due ON deadlines
    FOR EACH ROW WHEN (NEW.rule_id = 'SZ-DIS-INSPECTION')
    EXECUTE FUNCTION disclosure_inspection_due();
