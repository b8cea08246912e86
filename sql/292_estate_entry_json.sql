-- estate_entry_json: one entry of the estate (src/api/estate.c): a realization, a
-- collateral realized by a secured creditor (with its SZ-LIQ-SECURED split), an expense or a
-- common debt.
CREATE OR REPLACE FUNCTION estate_entry_json(e estate_entries) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', e.id, 'case_id', e.case_id, 'kind', e.kind,
                             'date', e.on_date, 'description', e.description,
                             'amount', money_text(e.amount_fen), 'claim_id', e.claim_id,
                             'detail', e.detail, 'recorded_by', e.by_subject,
                             'created_at', e.created_at)
$$;
