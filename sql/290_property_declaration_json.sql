-- property_declaration_json: the debtor's property declaration as the API shows it (src/api/
-- property.c): what was declared, the changes of the look-back years and what the service
-- listed of them for revocation.
CREATE OR REPLACE FUNCTION property_declaration_json(d property_declarations)
RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', d.id, 'case_id', d.case_id, 'version', d.version,
                             'declared_on', d.declared_on, 'items', d.items,
                             'changes', d.changes, 'lookback', d.lookback,
                             'total', money_text(d.total_fen), 'act_id', d.act_id,
                             'declared_by', json_build_object('role', d.by_role,
                                                              'subject', d.by_subject),
                             'created_at', d.created_at)
$$;
