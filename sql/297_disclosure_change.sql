-- disclosure_change: appends a change of a disclosed entry to the credit feed that the units
-- keeping credit records poll, and returns its position. The payload is the change as the
-- units read it, written once: the debtor's name and whole identity number (a unit keeps
-- records of a person it can identify; the public answer masks it), the case, the entry as
-- it now stands (its node, version and fields), whether the public sees it after this change,
-- and the rule behind the change. It takes the feed lock (the restriction feed's,
-- pg_advisory_xact_lock(7242002), migration 0003) itself, so positions follow commit order
-- whoever calls it (the trigger on case_acts included).
CREATE OR REPLACE FUNCTION disclosure_change(p_entry uuid, p_change text, p_rule_id text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_seq bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7242002);
    INSERT INTO disclosure_changes (seq, entry_id, case_id, debtor_id, change, payload)
    SELECT s.v, e.id, e.case_id, e.debtor_id, p_change, jsonb_build_object(
        'cursor', s.v::text, 'change', p_change, 'at', now(), 'case_id', e.case_id,
        'case_number', a.case_number,
        'debtor', jsonb_build_object('name', d.name, 'id_number', d.id_number),
        'entry', jsonb_build_object('id', e.id, 'node', e.node, 'title', n.title,
                                    'version', e.version, 'disclosed_on', e.disclosed_on,
                                    'fields', e.fields),
        'public', e.stopped_on IS NULL,
        'restored_on', e.restored_on,
        'rule', p_rule_id)
    FROM (SELECT nextval('disclosure_change_seq') AS v) s, disclosure_entries e
    JOIN applications a ON a.id = e.case_id JOIN debtors d ON d.id = e.debtor_id
    JOIN disclosure_nodes n ON n.node = e.node
    WHERE e.id = p_entry
    RETURNING seq INTO v_seq;
    RETURN v_seq;
END $$;
