-- disclosure_apply: carries out a decided procedure on the disclosed record, each entry it
-- changes a position of the credit feed; returns how many entries changed.
--   corrected (SZ-INF-CORRECT): the entry p_entry takes the fields p_fields (merged over its
--     own; only names it has), its earlier version kept in disclosure_entry_versions with the
--     request that replaced it, never shown to the public;
--   stopped (SZ-INF-STOP): the case's dishonest-conduct entries leave public view from p_on
--     (kept for the court and the department);
--   restored (SZ-INF-RESTORED): every entry of the case is marked restored on p_on.
-- The caller holds the request row locked.
CREATE OR REPLACE FUNCTION disclosure_apply(p_change text, p_case uuid, p_entry uuid,
                                            p_fields jsonb, p_on date, p_request uuid)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_entry uuid;
    v_n integer := 0;
    v_rule text := CASE p_change WHEN 'corrected' THEN 'SZ-INF-CORRECT'
                                 WHEN 'stopped' THEN 'SZ-INF-STOP'
                                 WHEN 'restored' THEN 'SZ-INF-RESTORED' END;
BEGIN
    -- the feed lock before any entry's row: a writer of the feed never waits on an entry
    -- while holding the lock another waits for (see disclosure_inspection_due)
    PERFORM pg_advisory_xact_lock(7242002);
    IF p_change = 'corrected' THEN
        INSERT INTO disclosure_entry_versions (entry_id, version, fields, replaced_by_request)
        SELECT e.id, e.version, e.fields, p_request FROM disclosure_entries e
        WHERE e.id = p_entry;
        UPDATE disclosure_entries e
        SET fields = e.fields || (SELECT coalesce(jsonb_object_agg(k, v), '{}')
                                  FROM jsonb_each(coalesce(p_fields, '{}')) AS f(k, v)
                                  WHERE e.fields ? k),
            version = e.version + 1, updated_at = now()
        WHERE e.id = p_entry;
    END IF;
    FOR v_entry IN
        SELECT e.id FROM disclosure_entries e
        WHERE CASE p_change
              WHEN 'corrected' THEN e.id = p_entry
              WHEN 'stopped' THEN e.case_id = p_case AND e.stopped_on IS NULL
                   AND e.node IN (SELECT n.node FROM disclosure_nodes n WHERE n.dishonest)
              WHEN 'restored' THEN e.case_id = p_case AND e.restored_on IS NULL
              ELSE false END
        ORDER BY e.disclosed_on, e.created_at LOOP
        IF p_change = 'stopped' THEN
            UPDATE disclosure_entries SET stopped_on = p_on, updated_at = now() WHERE id = v_entry;
        ELSIF p_change = 'restored' THEN
            UPDATE disclosure_entries SET restored_on = p_on, updated_at = now() WHERE id = v_entry;
        END IF;
        PERFORM disclosure_change(v_entry, p_change, v_rule);
        v_n := v_n + 1;
    END LOOP;
    RETURN v_n;
END $$;
