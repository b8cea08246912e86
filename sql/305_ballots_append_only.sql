-- ballots_append_only: every ballot of a creditors' meeting is kept as cast; a changed vote
-- is a new ballot (the member's last one counts), so the database refuses to change or
-- remove one, whoever asks (the trigger function of 300_append_only.sql).
CREATE OR REPLACE TRIGGER ballots_no_update BEFORE UPDATE OR DELETE ON ballots
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
