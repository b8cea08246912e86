-- file_application: everything filing an application writes, in one call: the application
-- (status pending, received on p_received), its audit row application.file (p_audit_detail:
-- the request as filed) and the act "filed" with the deadlines it opens and meets (computed
-- by the caller from the catalogue and the court calendar, see record_act). The caller
-- (src/api/applications.c) has locked the debtor and the joint debtor and checked what the
-- law asks. A creditor's petition keeps the name it gave for the person (debtor.name of the
-- request), which is what the creditor reads back until acceptance. p_profile is the rule
-- profile the application and its case are under (the caller checked it exists). Returns the application's document. A second pending application by the same
-- applicant against the debtor fails on the unique index applications_one_pending (23505).
-- (the form before p_profile: dropped so that only one stays)
DROP FUNCTION IF EXISTS file_application(uuid, uuid, text, text, text, jsonb, text, date, text,
                                         bigint, text, jsonb, bigint, jsonb, text, jsonb, jsonb,
                                         jsonb, jsonb, jsonb);
CREATE OR REPLACE FUNCTION file_application(p_debtor uuid, p_joint uuid, p_role text,
                                            p_subject text, p_request_id text,
                                            p_co_applicants jsonb, p_procedure text,
                                            p_received date, p_statement text,
                                            p_income_fen bigint, p_income_source text,
                                            p_claims jsonb, p_claims_total_fen bigint,
                                            p_materials jsonb, p_justification text,
                                            p_flags jsonb, p_materials_required jsonb,
                                            p_audit_detail jsonb, p_opens jsonb,
                                            p_meets jsonb, p_profile text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
    v_doc json;
    v_act json;
BEGIN
    INSERT INTO applications AS a (debtor_id, joint_debtor_id, applicant_role, applicant_subject,
        co_applicants, procedure, received_on, statement, expected_income_fen,
        expected_income_source, claims, claims_due_total_fen, materials, justification, flags,
        materials_required, debtor_name_given, profile)
    VALUES (p_debtor, p_joint, p_role, p_subject, coalesce(p_co_applicants, '[]'), p_procedure,
        p_received, p_statement, p_income_fen, p_income_source, coalesce(p_claims, '[]'),
        p_claims_total_fen, coalesce(p_materials, '[]'), p_justification,
        coalesce(p_flags, '[]'), coalesce(p_materials_required, '[]'),
        p_audit_detail #>> '{debtor,name}', p_profile)
    RETURNING a.id, a.doc INTO v_id, v_doc;
    PERFORM audit_append(p_role, p_subject, p_request_id, 'application.file', 'application',
                         v_id::text, v_id, p_audit_detail);
    -- assigned, not PERFORMed (the act's JSON is not used): an assignment of one call is
    -- evaluated on PL/pgSQL's fast path, where PERFORM starts an executor for a SELECT
    v_act := record_act(v_id, 'filed', p_received, NULL, NULL, p_role, p_subject, p_opens,
                        p_meets);
    RETURN v_doc;
END $$;
