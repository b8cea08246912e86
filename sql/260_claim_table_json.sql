-- claim_table_json: one version of the claim table (SZ-CLM-TABLE) as creditors and the
-- debtor receive it: each row with the claim it reviews, what was claimed and what the
-- administrator admitted, and what changed since the version before.
CREATE OR REPLACE FUNCTION claim_table_json(t claim_tables) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', t.id, 'case_id', t.case_id, 'version', t.version, 'row_count', t.row_count,
        'submitted_on', t.submitted_on, 'submitted_by', t.submitted_by,
        'served_on', t.served_on, 'served_act_id', t.served_act_id,
        'rows', (SELECT coalesce(json_agg(json_build_object(
                     'row', r.row_no, 'claim_id', r.claim_id, 'creditor_name', c.creditor_name,
                     'source', c.source, 'claimed_amount', money_text(c.principal_fen + c.interest_fen),
                     'claimed_class', c.claimed_class, 'outcome', r.outcome,
                     'admitted_amount', money_text(r.admitted_fen), 'admitted_class', r.admitted_class,
                     'secured_amount', money_text(r.secured_fen), 'reasons', r.reasons,
                     'change', r.change, 'changed_fields', to_json(r.changed_fields),
                     'status', c.status) ORDER BY r.row_no), '[]')
                 FROM claim_table_rows r JOIN claims c ON c.id = r.claim_id
                 WHERE r.table_id = t.id))
$$;
