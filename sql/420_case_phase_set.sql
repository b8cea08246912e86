-- case_phase_set: moves a case from one of the phases p_from to p_to under the provision
-- p_rule_id (migration 0017 lists the phases), with a row of case_phase_changes and an audit
-- row case.phase. It locks the case row, so two rulings racing on one case are ordered.
-- Returns the phase the case was in, or NULL when it was in none of p_from (nothing is
-- written then: the caller answers 409 naming the rule). The plans, liquidation and
-- discharge handlers call it in the transaction of the act that moves the case.
CREATE OR REPLACE FUNCTION case_phase_set(p_case uuid, p_from text[], p_to text, p_on date,
                                          p_rule_id text, p_act uuid, p_role text,
                                          p_subject text, p_request_id text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_from text;
    v_seq integer;
BEGIN
    SELECT a.phase INTO v_from FROM applications a
    WHERE a.id = p_case AND a.status = 'accepted' FOR UPDATE;
    IF v_from IS NULL OR NOT (v_from = ANY (p_from)) THEN
        RETURN NULL;
    END IF;
    UPDATE applications SET phase = p_to, updated_at = now() WHERE id = p_case;
    SELECT coalesce(max(c.seq), 0) + 1 INTO v_seq FROM case_phase_changes c
    WHERE c.case_id = p_case;
    INSERT INTO case_phase_changes (case_id, seq, from_phase, to_phase, on_date, rule_id, act_id,
                                    recorded_by_role, recorded_by_subject, request_id)
    VALUES (p_case, v_seq, v_from, p_to, p_on, p_rule_id, p_act, p_role, p_subject,
            p_request_id);
    PERFORM audit_append(p_role, p_subject, p_request_id, 'case.phase', 'application',
                         p_case::text, p_case,
                         jsonb_build_object('from', v_from, 'to', p_to, 'on', p_on,
                                            'rule', p_rule_id, 'act_id', p_act));
    RETURN v_from;
END $$;
