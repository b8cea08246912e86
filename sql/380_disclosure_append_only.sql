-- disclosure_append_only: the credit feed and the record of public queries are append-only,
-- like the restriction feed and its checks (sql/300): the database refuses to change or
-- remove a row, whoever asks.
CREATE OR REPLACE TRIGGER disclosure_changes_no_update BEFORE UPDATE OR DELETE ON disclosure_changes
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE OR REPLACE TRIGGER disclosure_queries_no_update BEFORE UPDATE OR DELETE ON disclosure_queries
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE OR REPLACE TRIGGER disclosure_versions_no_update BEFORE UPDATE OR DELETE
    ON disclosure_entry_versions FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
