-- exempt_list_json: the exempt-property list (SZ-PROP-EXEMPT-LIST) with its cap check, the
-- creditors' meeting's vote on it (the last agenda item of kind exempt_property_list whose
-- reference is the list's id) and the court's ruling. status: filed (no vote closed yet),
-- passed (the meeting passed it), not_passed (awaiting the court), approved or refused (the
-- court's ruling on a list the meeting did not pass).
CREATE OR REPLACE FUNCTION exempt_list_json(e exempt_lists) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', e.id, 'case_id', e.case_id, 'version', e.version,
                             'filed_on', e.filed_on, 'items', e.items,
                             'cap', json_build_object('rule_id', 'SZ-PROP-EXEMPT-CAP',
                                 'counted', money_text(e.counted_fen),
                                 'excluded', money_text(e.excluded_fen),
                                 'max', money_text(e.cap_fen)),
                             'meeting', CASE WHEN i.id IS NULL THEN NULL ELSE
                                 json_build_object('item_id', i.id, 'state', i.state,
                                                   'passed', i.passed) END,
                             'ruling', e.ruling,
                             'status', CASE WHEN e.ruling IS NOT NULL THEN e.ruling ->> 'outcome'
                                            WHEN i.state = 'closed' AND i.passed THEN 'passed'
                                            WHEN i.state = 'closed' THEN 'not_passed'
                                            ELSE 'filed' END,
                             'act_id', e.act_id,
                             'filed_by', json_build_object('role', e.by_role,
                                                           'subject', e.by_subject),
                             'created_at', e.created_at)
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT x.id, x.state, x.passed FROM meetings m
                       JOIN meeting_items x ON x.meeting_id = m.id
                       WHERE m.case_id = e.case_id AND x.kind = 'exempt_property_list'
                         AND x.reference = e.id::text
                       ORDER BY x.seq DESC LIMIT 1) i ON true
$$;
