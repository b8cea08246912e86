-- case_act_json: a legal act of a case as the API shows it, with who recorded it.
CREATE OR REPLACE FUNCTION case_act_json(a case_acts) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', a.id, 'case_id', a.case_id, 'kind', a.kind, 'date', a.on_date,
                             'event_date', a.event_date, 'detail', a.detail,
                             'recorded_by', json_build_object('role', a.recorded_by_role,
                                                              'subject', a.recorded_by_subject),
                             'created_at', a.created_at, 'corrected_at', a.corrected_at)
$$;
