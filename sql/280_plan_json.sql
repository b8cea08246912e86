-- plan_json: a reorganization plan or settlement agreement as the API shows it, with the
-- content of its latest version (a frozen plan's latest version is the one voted on).
CREATE OR REPLACE FUNCTION plan_json(p plans) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', p.id, 'case_id', p.case_id, 'kind', p.kind, 'state', p.state,
        'version', p.version, 'frozen_version', p.frozen_version, 'converted', p.converted,
        'self_management', p.self_management, 'started_on', p.started_on,
        'claim_period', p.claim_period,
        'vote', CASE WHEN p.vote_item_id IS NULL THEN NULL ELSE json_build_object(
            'item_id', p.vote_item_id, 'closed_on', p.voted_on, 'passed', p.vote_passed) END,
        'application', p.application, 'ruling', p.ruling, 'execution_end', p.execution_end,
        'extensions', p.extensions, 'waivers', p.waivers, 'report', p.report, 'ended', p.ended,
        'content', (SELECT v.content FROM plan_versions v
                    WHERE v.plan_id = p.id AND v.version = p.version),
        'cursor', p.seq::text, 'created_at', p.created_at, 'updated_at', p.updated_at)
$$;
