-- distribution_plan_json: a distribution plan (a round or a redistribution) as its reader
-- sees it: a creditor sees its own lines only (p_role, p_subject), every other reader all of
-- them. Lines in the order the plan computed them.
CREATE OR REPLACE FUNCTION distribution_plan_json(p distribution_plans, p_role text,
                                                  p_subject text)
RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'case_id', p.case_id, 'number', p.number,
                             'kind', p.kind, 'state', p.state, 'proposed_on', p.proposed_on,
                             'pool', money_text(p.pool_fen), 'method', p.method,
                             'content', p.content, 'approval', p.approval,
                             'shares', coalesce((
        SELECT json_agg(json_build_object(
                   'line_id', s.line_id, 'line_kind', s.line_kind,
                   'creditor_name', s.creditor_name, 'class', s.class,
                   'basis', money_text(s.basis_fen), 'paid', money_text(s.paid_fen),
                   'reserved', money_text(s.reserved_fen), 'missed', money_text(s.missed_fen),
                   'rule_id', s.rule_id, 'reserve_rule', s.reserve_rule,
                   'left_out_of', to_json(s.left_out_of), 'paid_on', s.paid_on,
                   'payment_reference', s.payment_reference)
                   ORDER BY s.line_kind DESC, s.class, s.line_id)
        FROM distribution_shares s
        WHERE s.plan_id = p.id AND (p_role <> 'creditor' OR s.creditor_subject = p_subject)),
        '[]'::json),
                             'created_by', p.by_subject, 'created_at', p.created_at)
$$;
