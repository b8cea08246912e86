-- application_json: an application (an accepted one is the case) as the API shows it:
-- amounts as exact decimal strings, the materials still missing derived from those the
-- applicant must give. The trigger applications_doc (sql/310) keeps its result in the row's
-- doc column, which reads return as it is: after a change of this shape, stored docs are
-- refreshed by the next migrate (see sql/310_applications_doc.sql).
CREATE OR REPLACE FUNCTION application_json(a applications) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN json_build_object(
        'id', a.id,
        'case_number', a.case_number,
        'profile', a.profile,
        'debtor_id', a.debtor_id,
        'joint_debtor_id', a.joint_debtor_id,
        -- a co-applicant is in the petition by its own decision (migration 0021)
        'applicant', json_build_object('role', a.applicant_role, 'subject', a.applicant_subject,
                                        'co_applicants', a.co_applicants,
                                        'co_applicant_decisions',
                                        (SELECT coalesce(jsonb_agg(jsonb_build_object('subject', k)
                                                                   || v ORDER BY k), '[]')
                                         FROM jsonb_each(a.co_applicant_decisions) AS t(k, v))),
        'procedure', a.procedure,
        'status', a.status,
        'phase', a.phase,
        'received_on', a.received_on,
        'statement', a.statement,
        'expected_income', CASE WHEN a.expected_income_fen IS NULL THEN NULL ELSE
            json_build_object('monthly_amount', money_text(a.expected_income_fen),
                               'source', a.expected_income_source) END,
        'claims', (SELECT coalesce(jsonb_agg(c - 'amount_fen' || jsonb_build_object(
                       'amount', money_text((c ->> 'amount_fen')::bigint)) ORDER BY n), '[]')
                   FROM jsonb_array_elements(a.claims) WITH ORDINALITY AS t(c, n)),
        'claims_due_total', money_text(a.claims_due_total_fen),
        'materials', a.materials,
        'materials_missing', (SELECT coalesce(jsonb_agg(k ORDER BY k), '[]')
                              FROM jsonb_array_elements_text(a.materials_required) k
                              WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(a.materials) m
                                                WHERE m ->> 'kind' = k)),
        -- the court decides on the justification of a repeated application (SZ-APP-WITHDRAW)
        'justification', a.justification,
        'flags', a.flags,
        'accepted_on', a.accepted_on,
        'decided_on', a.decided_on,
        'decision', a.decision,
        'withdrawn_on', a.withdrawn_on,
        'withdrawal_reason', a.withdrawal_reason,
        'superseded_by', a.superseded_by,
        'created_at', a.created_at,
        'updated_at', a.updated_at,
        'cursor', a.seq::text);
END $$;
