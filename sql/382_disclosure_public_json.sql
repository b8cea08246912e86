-- disclosure_public_json: a debtor's disclosed record as the public reads it (SZ-INF-DISCLOSE):
-- the name, the identity number masked (mask_id_number), and per case the entries the
-- public may see, oldest first. Nothing of the spouse or the dependants; an entry whose
-- disclosure was stopped (SZ-INF-STOP) is left out; a restored case (SZ-INF-RESTORED) is
-- shown marked restored, or left out when p_restored is 'hidden' (the department's
-- setting DISCLOSURE_RESTORED). NULL when nothing is left to show: "no disclosed record".
CREATE OR REPLACE FUNCTION disclosure_public_json(p_debtor uuid, p_restored text) RETURNS json
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT e.case_id, max(a.case_number) AS case_number,
               bool_and(e.restored_on IS NOT NULL) AS restored, max(e.restored_on) AS restored_on,
               json_agg(json_build_object('node', e.node, 'title', n.title,
                                          'disclosed_on', e.disclosed_on, 'fields', e.fields)
                        ORDER BY e.disclosed_on, n.position, e.created_at) AS entries
        FROM disclosure_entries e JOIN disclosure_nodes n ON n.node = e.node
        JOIN applications a ON a.id = e.case_id
        WHERE e.debtor_id = p_debtor AND e.stopped_on IS NULL
        GROUP BY e.case_id)
    SELECT json_build_object(
        'name', d.name, 'id_number', mask_id_number(d.id_number),
        'cases', json_agg(json_build_object(
            'case_number', c.case_number,
            'status', CASE WHEN c.restored THEN 'restored' ELSE 'disclosed' END,
            'restored_on', CASE WHEN c.restored THEN c.restored_on END,
            'entries', c.entries) ORDER BY c.case_number))
    FROM debtors d JOIN c ON true
    WHERE d.id = p_debtor AND NOT (c.restored AND p_restored = 'hidden')
    GROUP BY d.id, d.name, d.id_number
$$;
