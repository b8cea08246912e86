-- disclosure_fields: the fields a node discloses, as an object {name: value}.
CREATE OR REPLACE FUNCTION disclosure_fields(p_node text, p_case uuid, p_act case_acts,
                                             p_conduct jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_object_agg(f ->> 'name',
                                     coalesce(disclosure_value(f ->> 'source', p_case, p_act,
                                                               p_conduct), 'null'::jsonb)),
                    '{}')
    FROM disclosure_nodes n, jsonb_array_elements(n.fields) f
    WHERE n.node = p_node
$$;
