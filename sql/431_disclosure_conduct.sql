-- disclosure_conduct: the department's (or the court's) finding of dishonest conduct in a
-- case (a false statement, a concealed transfer), disclosed as an entry of node
-- dishonest_conduct for each debtor of the case, each a `disclosed` change of the credit
-- feed. This is the information SZ-INF-STOP may later take off public view. Returns the
-- entries as disclosure_entry_json.
CREATE OR REPLACE FUNCTION disclosure_conduct(p_case uuid, p_conduct jsonb, p_on date)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    v_entry disclosure_entries;
    v_out json[] := '{}';
    v_debtor uuid;
BEGIN
    FOR v_debtor IN SELECT x FROM applications a, unnest(ARRAY[a.debtor_id, a.joint_debtor_id]) x
                    WHERE a.id = p_case AND x IS NOT NULL LOOP
        INSERT INTO disclosure_entries (case_id, debtor_id, node, disclosed_on, fields)
        VALUES (p_case, v_debtor, 'dishonest_conduct', p_on,
                disclosure_fields('dishonest_conduct', p_case, NULL, p_conduct))
        RETURNING * INTO v_entry;
        PERFORM disclosure_change(v_entry.id, 'disclosed', 'SZ-INF-DISCLOSE');
        v_out := v_out || disclosure_entry_json(v_entry);
    END LOOP;
    RETURN array_to_json(v_out);
END $$;
