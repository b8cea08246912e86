-- disclosure_entry_json: an entry as the debtor, the court and the department read it: the
-- public fields and whether the public sees them, the stop and the restoration, and its
-- earlier versions (kept for the history; never in a public answer).
CREATE OR REPLACE FUNCTION disclosure_entry_json(e disclosure_entries) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', e.id, 'case_id', e.case_id, 'node', e.node,
        'title', (SELECT n.title FROM disclosure_nodes n WHERE n.node = e.node),
        'disclosed_on', e.disclosed_on, 'version', e.version, 'fields', e.fields,
        'public', e.stopped_on IS NULL, 'stopped_on', e.stopped_on, 'restored_on', e.restored_on,
        'history', (SELECT coalesce(json_agg(json_build_object('version', v.version,
                        'fields', v.fields, 'replaced_at', v.replaced_at,
                        'replaced_by_request', v.replaced_by_request) ORDER BY v.version), '[]')
                    FROM disclosure_entry_versions v WHERE v.entry_id = e.id))
$$;
