-- audit_append: one row of the append-only audit trail (who: role and subject; the request
-- id; what: action on an object, of a case; detail), written in the transaction of the
-- change it records. The only writer of audit_log: src/db/audit_sql.c calls it, and so do
-- the write functions of sql/ (accept_application).
CREATE OR REPLACE FUNCTION audit_append(p_role text, p_subject text, p_request_id text,
                                        p_action text, p_object_type text, p_object_id text,
                                        p_case uuid, p_detail jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (role, subject, request_id, action, object_type, object_id, case_id,
                           detail)
    VALUES (p_role, p_subject, p_request_id, p_action, p_object_type, p_object_id, p_case,
            coalesce(p_detail, '{}'));
END $$;
