-- disclosure_of_act: what recording an act of the disclosure table discloses
-- (disclosure_node_acts, migration 0020): each debtor of the case gets an entry of the act's
-- node with the fields the table lists, and the credit feed a change `disclosed`
-- (SZ-INF-DISCLOSE). Returns the entries written (0 for an act the table does not name).
-- Called by the trigger on case_acts (sql/298) and by the backfill of acts recorded before
-- the table existed (sql/640).
CREATE OR REPLACE FUNCTION disclosure_of_act(p_act case_acts) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_node text;
    v_entry uuid;
    v_debtor uuid;
    v_n integer := 0;
BEGIN
    SELECT m.node INTO v_node FROM disclosure_node_acts m WHERE m.act_kind = p_act.kind;
    IF v_node IS NULL THEN
        RETURN 0;
    END IF;
    FOR v_debtor IN SELECT x FROM applications a, unnest(ARRAY[a.debtor_id, a.joint_debtor_id]) x
                    WHERE a.id = p_act.case_id AND x IS NOT NULL LOOP
        INSERT INTO disclosure_entries (case_id, debtor_id, node, act_id, disclosed_on, fields)
        VALUES (p_act.case_id, v_debtor, v_node, p_act.id, p_act.on_date,
                disclosure_fields(v_node, p_act.case_id, p_act, NULL))
        RETURNING id INTO v_entry;
        PERFORM disclosure_change(v_entry, 'disclosed', 'SZ-INF-DISCLOSE');
        v_n := v_n + 1;
    END LOOP;
    RETURN v_n;
END $$;
