-- deadline_json: a deadline as the API shows it. "overdue" is derived against the service's
-- date (today), never stored, so it is never stale.
CREATE OR REPLACE FUNCTION deadline_json(d deadlines, today date) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN json_build_object(
        'id', d.id,
        'case_id', d.case_id,
        'case_number', (SELECT case_number FROM applications WHERE id = d.case_id),
        'rule_id', d.rule_id,
        'citation', d.citation,
        'trigger', json_build_object('kind', d.trigger_kind, 'date', d.trigger_date,
                                     'act_id', d.trigger_act_id),
        'due', d.due,
        'provisional', d.provisional,
        'missing_year', d.missing_year,
        'status', CASE WHEN d.status = 'pending' AND d.due < today THEN 'overdue' ELSE d.status END,
        'met_on', d.met_on,
        'met_late', d.status = 'met' AND d.met_on > d.due,
        'met_by_act_id', d.met_by_act_id,
        'waived_reason', d.waived_reason,
        'waived_by', d.waived_by,
        'extensions', d.extensions,
        'trace', d.trace,
        'history', d.history,
        'cursor', d.seq::text);
END $$;
