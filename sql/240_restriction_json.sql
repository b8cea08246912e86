-- restriction_json: a restriction on a debtor as the API shows it, with the consents granted
-- under it, each marked current when today is within its period.
CREATE OR REPLACE FUNCTION restriction_json(r restrictions, today date) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN json_build_object(
        'id', r.id, 'case_id', r.case_id, 'kind', r.kind, 'rule_id', r.rule_id,
        'citation', r.citation, 'detail', r.detail, 'effective_from', r.effective_from,
        'effective_to', r.effective_to, 'status', r.status, 'lift_rule_id', r.lift_rule_id,
        'lift_reason', r.lift_reason,
        'consents', (SELECT coalesce(json_agg(json_build_object(
                         'id', c.id, 'item', c.item, 'purpose', c.purpose, 'reason', c.reason,
                         'from', c.from_date, 'to', c.to_date,
                         'current', today BETWEEN c.from_date AND c.to_date) ORDER BY c.created_at), '[]')
                     FROM restriction_consents c WHERE c.restriction_id = r.id));
END $$;
