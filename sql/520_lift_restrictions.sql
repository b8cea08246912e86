-- lift_restrictions: lifts every active restriction of a case on p_on under a rule (the
-- caller names it from the ground, see caselife_lift_rule in src/api/caselife.c), each with
-- a "lifted" change in the feed carrying {ground, reason}, in one call (it took two round
-- trips per restriction: sixteen for a joint case). The feed lock is taken first, then the
-- active restrictions are locked in the order they were imposed. Returns the last feed
-- position written, or NULL when no restriction was active (nothing is written then).
CREATE OR REPLACE FUNCTION lift_restrictions(p_case uuid, p_on date, p_rule_id text,
                                             p_citation text, p_ground text, p_reason text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_ids uuid[];
    v_id uuid;
    v_seq bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7242002); -- the feed lock: positions follow commit order
    SELECT array_agg(x.id ORDER BY x.created_at, x.kind) INTO v_ids
    FROM (SELECT r.id, r.created_at, r.kind FROM restrictions r
          WHERE r.case_id = p_case AND r.status = 'active'
          ORDER BY r.created_at, r.kind FOR UPDATE) x;
    FOREACH v_id IN ARRAY coalesce(v_ids, '{}') LOOP
        UPDATE restrictions SET status = 'lifted', effective_to = p_on, lift_rule_id = p_rule_id,
            lift_reason = p_reason
        WHERE id = v_id AND status = 'active';
        v_seq := restriction_change(v_id, 'lifted', p_rule_id, p_citation, NULL, p_on,
                                    jsonb_build_object('ground', p_ground, 'reason', p_reason));
    END LOOP;
    RETURN v_seq;
END $$;
