-- disclose_act: when an act the disclosure table names is recorded (disclosure_node_acts),
-- each debtor of the case gets an entry of that node with the fields the table lists, and
-- the credit feed a change `disclosed` (SZ-INF-DISCLOSE). A trigger, so that every writer of
-- case_acts (record_act from any resource, accept_application) discloses without knowing of
-- it. A node reached again (the claim table served, then the claims confirmed) is a new
-- entry: the public record shows each step as it happened.
CREATE OR REPLACE FUNCTION disclose_act() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_node text;
    v_entry uuid;
    v_debtor uuid;
BEGIN
    SELECT m.node INTO v_node FROM disclosure_node_acts m WHERE m.act_kind = NEW.kind;
    IF v_node IS NULL THEN
        RETURN NULL;
    END IF;
    FOR v_debtor IN SELECT x FROM applications a, unnest(ARRAY[a.debtor_id, a.joint_debtor_id]) x
                    WHERE a.id = NEW.case_id AND x IS NOT NULL LOOP
        INSERT INTO disclosure_entries (case_id, debtor_id, node, act_id, disclosed_on, fields)
        VALUES (NEW.case_id, v_debtor, v_node, NEW.id, NEW.on_date,
                disclosure_fields(v_node, NEW.case_id, NEW, NULL))
        RETURNING id INTO v_entry;
        PERFORM disclosure_change(v_entry, 'disclosed', 'SZ-INF-DISCLOSE');
    END LOOP;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER disclose_act AFTER INSERT ON case_acts
    FOR EACH ROW EXECUTE FUNCTION disclose_act();
