-- append_only: the audit trail, the restriction change feed and the record of status checks
-- are append-only: the database itself refuses to change or remove a row (and to truncate
-- the audit trail), whoever asks. One trigger function, and the triggers that fire it.
CREATE OR REPLACE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
CREATE OR REPLACE TRIGGER restriction_changes_no_update BEFORE UPDATE OR DELETE ON restriction_changes
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE OR REPLACE TRIGGER restriction_checks_no_update BEFORE UPDATE OR DELETE ON restriction_checks
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
