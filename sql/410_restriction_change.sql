-- restriction_change: appends a change of a restriction to the feed that enforcing units
-- poll, and returns its position (NULL when there is no such restriction). The payload is
-- the change as units see it, written once and read as it is: the debtor's name and whole
-- identity number (a unit cannot enforce a restriction on a person it cannot identify), the
-- case, the restriction, the rule and the dates (p_from/p_to NULL: the restriction's own),
-- and for a consent or a lift what was granted or why (p_detail). The caller holds the feed
-- lock (pg_advisory_xact_lock(7242002), see migration 0003) so positions follow commit order.
CREATE OR REPLACE FUNCTION restriction_change(p_restriction uuid, p_change text, p_rule_id text,
                                              p_citation text, p_from date, p_to date,
                                              p_detail jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_seq bigint;
BEGIN
    INSERT INTO restriction_changes (seq, case_id, debtor_id, change, payload)
    SELECT s.v, r.case_id, r.debtor_id, p_change, jsonb_build_object(
        'cursor', s.v::text, 'change', p_change, 'at', now(), 'case_id', r.case_id,
        'case_number', a.case_number,
        'debtor', jsonb_build_object('name', d.name, 'id_number', d.id_number),
        'restriction', jsonb_build_object('id', r.id, 'kind', r.kind, 'detail', r.detail,
                                          'status', r.status),
        'rule', jsonb_build_object('id', p_rule_id, 'citation', p_citation),
        'effective_from', coalesce(p_from, r.effective_from),
        'effective_to', coalesce(p_to, r.effective_to),
        'consent', CASE WHEN p_change = 'consent_granted' THEN p_detail END,
        'lift', CASE WHEN p_change = 'lifted' THEN p_detail END)
    FROM (SELECT nextval('restriction_change_seq') AS v) s, restrictions r
    JOIN applications a ON a.id = r.case_id JOIN debtors d ON d.id = r.debtor_id
    WHERE r.id = p_restriction
    RETURNING seq INTO v_seq;
    RETURN v_seq;
END $$;
