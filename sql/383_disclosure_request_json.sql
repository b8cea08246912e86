-- disclosure_request_json: a correction, stop or restoration as its party follows it: the
-- kind and rule, what was asked, the state, and each step with its state and date; what is
-- missing and what comes next are computed by the handler from the steps and the rules
-- module (src/rules/disclosure.c).
CREATE OR REPLACE FUNCTION disclosure_request_json(q disclosure_requests) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', q.id, 'kind', q.kind, 'rule_id', q.rule_id, 'case_id', q.case_id,
        'debtor_id', q.debtor_id, 'entry_id', q.entry_id, 'filed_by_role', q.filed_by_role,
        'filed_on', q.filed_on, 'ground', q.ground, 'reasons', q.reasons,
        'evidence', q.evidence, 'proposed', q.proposed, 'status', q.status, 'steps', q.steps,
        'decided_on', q.decided_on, 'decision_reasons', q.decision_reasons)
$$;
