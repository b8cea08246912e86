-- claim_objection_json: an objection to an entry of the claim table, with the
-- administrator's review opinion and the objector's lawsuit when there are.
CREATE OR REPLACE FUNCTION claim_objection_json(o claim_objections) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', o.id, 'claim_id', o.claim_id, 'case_id', o.case_id,
                             'objector', json_build_object('role', o.objector_role,
                                                           'subject', o.objector_subject),
                             'reasons', o.reasons, 'filed_on', o.filed_on, 'status', o.status,
                             'opinion', o.opinion, 'opinion_on', o.opinion_on,
                             'lawsuit_due', o.lawsuit_due, 'lawsuit_on', o.lawsuit_on,
                             'lawsuit_reference', o.lawsuit_reference)
$$;
