-- confirm_claims: the court's ruling confirming the claims of a case's last served claim table
-- nobody objected to, or whose objection ended (the review opinion given and the lawsuit
-- period past with no lawsuit) (SZ-CLM-CONFIRM). Admitted and partly admitted claims are
-- confirmed at their admitted amount and class; the ruling lists them. Returns the ruling
-- (claim_ruling_json shape) or NULL when no claim is ready to be confirmed.
CREATE OR REPLACE FUNCTION confirm_claims(p_case uuid, p_ruling_date date, p_reference text,
                                          p_today date, p_role text, p_subject text,
                                          p_request_id text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
    v_claims jsonb;
BEGIN
    WITH ready AS (
        UPDATE claims c SET status = 'confirmed', confirmed_fen = c.admitted_fen,
               confirmed_by = v_id, updated_at = now()
        WHERE c.case_id = p_case AND c.admitted_fen > 0
          AND EXISTS (SELECT 1 FROM claim_table_rows r WHERE r.claim_id = c.id AND r.table_id =
                      (SELECT t.id FROM claim_tables t WHERE t.case_id = p_case
                       AND t.served_on IS NOT NULL ORDER BY t.version DESC LIMIT 1))
          AND (c.status IN ('admitted', 'partly_admitted')
               OR (c.status = 'disputed'
                   AND NOT EXISTS (SELECT 1 FROM claim_objections o WHERE o.claim_id = c.id
                                   AND NOT (o.status = 'opinion_given' AND o.lawsuit_due < p_today))))
        RETURNING c.id, c.seq, c.creditor_name, c.confirmed_fen, c.admitted_class),
    logged AS (INSERT INTO claim_events (claim_id, status, what, on_date, detail)
               SELECT id, 'confirmed', 'confirmed_by_ruling', p_ruling_date,
                      jsonb_build_object('ruling_id', v_id, 'reference', p_reference) FROM ready)
    SELECT jsonb_agg(jsonb_build_object('claim_id', id, 'creditor_name', creditor_name,
                                        'confirmed_amount', money_text(confirmed_fen),
                                        'class', admitted_class) ORDER BY seq)
    INTO v_claims FROM ready;
    IF v_claims IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO claim_rulings (id, case_id, ruling_date, reference, claims, by_subject)
    VALUES (v_id, p_case, p_ruling_date, p_reference, v_claims, p_subject);
    PERFORM audit_append(p_role, p_subject, p_request_id, 'claims.confirm', 'claim_ruling',
                         v_id::text, p_case,
                         jsonb_build_object('reference', p_reference, 'claims', jsonb_array_length(v_claims)));
    RETURN json_build_object('id', v_id, 'case_id', p_case, 'ruling_date', p_ruling_date,
                             'reference', p_reference, 'claims', v_claims);
END $$;
