-- meeting_item_json, meeting_json: a creditors' meeting and its agenda items as the API
-- shows them (amounts as decimal strings; an item's result is the tally recorded when it
-- closed, null before).
CREATE OR REPLACE FUNCTION meeting_item_json(i meeting_items) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', i.id, 'meeting_id', i.meeting_id, 'number', i.number, 'kind', i.kind,
        'text', i.text, 'reference', i.reference, 'detail', i.detail, 'rule_id', i.rule_id,
        'state', i.state, 'opened_at', i.opened_at, 'closed_at', i.closed_at,
        'passed', i.passed, 'result', i.result)
$$;

CREATE OR REPLACE FUNCTION meeting_json(m meetings) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', m.id, 'case_id', m.case_id, 'number', m.number, 'kind', m.kind,
        'called_by', m.called_by, 'requesting_creditors', m.requesting,
        'call_check', m.call_check, 'date', m.meeting_date, 'place', m.place,
        'online_room', m.online_room, 'state', m.state,
        'notice', CASE WHEN m.notice_act_id IS NULL THEN NULL ELSE json_build_object(
            'act_id', m.notice_act_id, 'date', m.notice_on, 'due', m.notice_due,
            'due_provisional', m.notice_due_provisional, 'late', m.late_notice,
            'late_reason', m.late_reason) END,
        'closed_on', m.closed_on, 'cursor', m.number::text,
        'items', (SELECT coalesce(json_agg(meeting_item_json(i) ORDER BY i.number), '[]')
                  FROM meeting_items i WHERE i.meeting_id = m.id))
$$;
