-- claim_json: a claim as the API shows it (amounts as decimal strings). With p_full, its
-- versions, its status timeline and the objections to it; the list of a creditor's claims
-- carries the timeline too. The timeline is the claim's events with its reviews in the
-- claim table versions (the rows that added or changed it).
CREATE OR REPLACE FUNCTION claim_json(c claims, p_full boolean) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', c.id, 'case_id', c.case_id,
        'case_number', (SELECT case_number FROM applications WHERE id = c.case_id),
        'source', c.source,
        'creditor', json_build_object('role', c.creditor_role, 'subject', c.creditor_subject,
                                      'name', c.creditor_name),
        'version', c.version, 'status', c.status, 'declared_on', c.declared_on,
        'timing', c.timing,
        'principal', money_text(c.principal_fen), 'interest', money_text(c.interest_fen),
        'claimed_amount', money_text(c.principal_fen + c.interest_fen),
        'secured_amount', money_text(c.secured_fen), 'claimed_class', c.claimed_class,
        'declaration', c.content,
        'review', CASE WHEN c.admitted_fen IS NULL THEN NULL ELSE json_build_object(
            'admitted_amount', money_text(c.admitted_fen), 'admitted_class', c.admitted_class,
            'secured_amount', money_text(c.admitted_secured_fen), 'reasons', c.review_reasons,
            'table_version', c.table_version) END,
        'confirmed_amount', money_text(c.confirmed_fen), 'confirmed_by', c.confirmed_by,
        'provisional_amount', money_text(c.provisional_fen),
        'provisional_reason', c.provisional_reason,
        'timeline', (SELECT coalesce(json_agg(json_build_object('status', x.status, 'what', x.what,
                                                                'date', x.on_date, 'at', x.at,
                                                                'detail', x.detail) ORDER BY x.at, x.ord), '[]')
                     FROM (SELECT e.status, e.what, e.on_date, e.at, e.detail, e.seq AS ord
                           FROM claim_events e WHERE e.claim_id = c.id
                           UNION ALL
                           SELECT r.outcome, 'reviewed', t.submitted_on, t.created_at,
                                  jsonb_build_object('table_version', t.version, 'row', r.row_no,
                                                     'changed_fields', to_jsonb(r.changed_fields)), 0
                           FROM claim_table_rows r JOIN claim_tables t ON t.id = r.table_id
                           WHERE r.claim_id = c.id AND r.change <> 'unchanged') x),
        'versions', CASE WHEN p_full THEN (
            SELECT coalesce(json_agg(json_build_object('version', v.version, 'change', v.change,
                                                       'declaration', v.content, 'at', v.at,
                                                       'by', json_build_object('role', v.by_role,
                                                                               'subject', v.by_subject))
                                     ORDER BY v.version), '[]')
            FROM claim_versions v WHERE v.claim_id = c.id) END,
        'objections', CASE WHEN p_full THEN (
            SELECT coalesce(json_agg(claim_objection_json(o) ORDER BY o.seq), '[]')
            FROM claim_objections o WHERE o.claim_id = c.id) END,
        'cursor', c.seq::text)
$$;
