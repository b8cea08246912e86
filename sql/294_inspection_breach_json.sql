-- inspection_breach_json: a breach of a restriction reported during the inspection period.
CREATE OR REPLACE FUNCTION inspection_breach_json(b inspection_breaches)
RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', b.id, 'case_id', b.case_id, 'restriction', b.restriction,
                             'observed_on', b.observed_on, 'description', b.description,
                             'evidence', b.evidence,
                             'reported_by', json_build_object('role', b.by_role,
                                                              'subject', b.by_subject),
                             'created_at', b.created_at)
$$;
