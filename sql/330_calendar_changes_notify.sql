-- calendar_changes_notify: a change to the court calendar is announced on calendar_changes,
-- so that service instances keep the calendar in memory and reload it only when it changed
-- (src/db/feedwatch.c listens).
CREATE OR REPLACE FUNCTION calendar_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('calendar_changes', '');
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER calendar_years_notify AFTER INSERT OR UPDATE OR DELETE ON calendar_years
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changes_notify();
CREATE OR REPLACE TRIGGER calendar_days_notify AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_changes_notify();
