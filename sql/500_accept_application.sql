-- accept_application: everything the court's acceptance writes, in one call (it took 20 to
-- 30 round trips as separate statements). The caller (src/api/applications.c) has locked
-- the application, checked that it is pending and that the law allows acceptance, and
-- computed from the rule catalogue and the court calendar what this function only writes:
--   p_decision      the decision as stored on the application {outcome, ruling_date, by, ...}
--   p_role, p_subject, p_request_id   who accepts, for the acts and the audit trail
--   p_opens, p_meets                  the deadlines the "accepted" act opens and meets
--                                     (see record_act)
--   p_restrictions  [{kind, rule_id, citation, detail}] imposed on the debtor and, in a
--                   joint case, on the joint debtor (SZ-RST-DECISION), effective on the ruling
--   p_impose_detail the audit detail of restrictions.impose
-- In order: the case number (counted per year of the ruling, in the court's style:
-- "(2026) Yue 03 Po Ge No. 12"), the application accepted; the debtor's other pending
-- applications superseded by the case, their deadlines waived and each audited; the act
-- "accepted" (its detail: the decision with the case number and the superseded ids) and the
-- case's first phase (its procedure, sql/420); the
-- restrictions, each with an "imposed" change in the feed; the audit rows restrictions.impose
-- and application.decide. Returns {doc: the application's document, feed_seq: the last feed
-- position written}, or NULL when the application is not pending. A second open case for
-- the debtor fails on the unique index applications_one_case (23505).
CREATE OR REPLACE FUNCTION accept_application(p_case uuid, p_ruling date, p_decision jsonb,
                                              p_role text, p_subject text, p_request_id text,
                                              p_opens jsonb, p_meets jsonb,
                                              p_restrictions jsonb, p_impose_detail jsonb)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    v_app applications;
    v_superseded jsonb;
    v_other uuid;
    v_record jsonb;
    v_debtor uuid;
    v_rst jsonb;
    v_id uuid;
    v_seq bigint := 0;
BEGIN
    WITH n AS (INSERT INTO case_numbers (year, last)
               VALUES (extract(year FROM p_ruling)::int, 1)
               ON CONFLICT (year) DO UPDATE SET last = case_numbers.last + 1
               RETURNING case_numbers.year, case_numbers.last)
    UPDATE applications a SET status = 'accepted', accepted_on = p_ruling, decided_on = p_ruling,
        decision = p_decision, phase = a.procedure,
        case_number = (SELECT format('(%s) Yue 03 Po Ge No. %s', n.year, n.last) FROM n),
        updated_at = now()
    WHERE a.id = p_case AND a.status = 'pending'
    RETURNING a.* INTO v_app;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;

    WITH s AS (UPDATE applications o SET status = 'superseded', superseded_by = p_case,
                   updated_at = now()
               WHERE o.debtor_id = v_app.debtor_id AND o.status = 'pending' AND o.id <> p_case
               RETURNING o.id)
    SELECT coalesce(jsonb_agg(to_jsonb(s.id)), '[]') INTO v_superseded FROM s;
    FOR v_other IN SELECT x.value::uuid FROM jsonb_array_elements_text(v_superseded) x LOOP
        PERFORM audit_append(p_role, p_subject, p_request_id, 'application.supersede',
                             'application', v_other::text, p_case,
                             jsonb_build_object('case_id', p_case,
                                                'case_number', v_app.case_number));
        UPDATE deadlines SET status = 'waived',
            waived_reason = 'the application was superseded by the accepted case',
            waived_by = 'service', updated_at = now()
        WHERE case_id = v_other AND status = 'pending';
    END LOOP;

    v_record := p_decision || jsonb_build_object('case_number', v_app.case_number,
                                                 'superseded', v_superseded);
    PERFORM record_act(p_case, 'accepted', p_ruling, NULL, v_record, p_role, p_subject, p_opens,
                       p_meets);
    -- the case's first phase is its procedure (sql/420 keeps the later ones)
    INSERT INTO case_phase_changes (case_id, seq, from_phase, to_phase, on_date, rule_id,
                                    recorded_by_role, recorded_by_subject, request_id)
    VALUES (p_case, 1, NULL, v_app.phase, p_ruling, 'SZ-APP-DECIDE', p_role, p_subject,
            p_request_id);

    PERFORM pg_advisory_xact_lock(7242002); -- the feed lock: positions follow commit order
    FOREACH v_debtor IN ARRAY array_remove(ARRAY[v_app.debtor_id, v_app.joint_debtor_id], NULL)
    LOOP
        FOR v_rst IN SELECT r.value FROM jsonb_array_elements(p_restrictions) r LOOP
            INSERT INTO restrictions (case_id, debtor_id, kind, rule_id, citation, detail,
                                      effective_from)
            VALUES (p_case, v_debtor, v_rst->>'kind', v_rst->>'rule_id', v_rst->>'citation',
                    coalesce(v_rst->'detail', '{}'), p_ruling)
            RETURNING id INTO v_id;
            v_seq := restriction_change(v_id, 'imposed', v_rst->>'rule_id', v_rst->>'citation',
                                        NULL, NULL, NULL);
        END LOOP;
    END LOOP;
    PERFORM audit_append(p_role, p_subject, p_request_id, 'restrictions.impose', 'application',
                         p_case::text, p_case, p_impose_detail);
    PERFORM audit_append(p_role, p_subject, p_request_id, 'application.decide', 'application',
                         p_case::text, p_case, v_record);
    RETURN json_build_object('doc', (SELECT a.doc FROM applications a WHERE a.id = p_case),
                             'feed_seq', v_seq);
END $$;
