-- lift_restrictions: lifts every active restriction of a case on p_on under a rule (the
-- caller names it from the ground, see caselife_lift_rule in src/api/caselife.c), each with
-- a "lifted" change in the feed carrying {ground, reason}, in one call (it took two round
-- trips per restriction: sixteen for a joint case). The feed lock is taken first, then the
-- active restrictions are locked and lifted in the order they were imposed (the same kind:
-- the debtor's before the joint debtor's). Returns the last feed position written, or NULL
-- when no restriction was active (nothing is written then).
CREATE OR REPLACE FUNCTION lift_restrictions(p_case uuid, p_on date, p_rule_id text,
                                             p_citation text, p_ground text, p_reason text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_ids uuid[] := '{}';
    v_id uuid;
    v_seq bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7242002); -- the feed lock: positions follow commit order
    FOR v_id IN SELECT r.id FROM restrictions r JOIN applications a ON a.id = r.case_id
                WHERE r.case_id = p_case AND r.status = 'active'
                ORDER BY r.created_at, r.kind, r.debtor_id = a.joint_debtor_id
                FOR UPDATE OF r LOOP
        v_ids := v_ids || v_id; -- all locked before any is changed
    END LOOP;
    FOREACH v_id IN ARRAY v_ids LOOP
        UPDATE restrictions SET status = 'lifted', effective_to = p_on, lift_rule_id = p_rule_id,
            lift_reason = p_reason
        WHERE id = v_id AND status = 'active';
        v_seq := restriction_change(v_id, 'lifted', p_rule_id, p_citation, NULL, p_on,
                                    jsonb_build_object('ground', p_ground, 'reason', p_reason));
    END LOOP;
    RETURN v_seq;
END $$;
