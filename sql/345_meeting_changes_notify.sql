-- meeting_changes_notify: every change of a creditors' meeting that a vote status shows (the
-- meeting, its items, the attendance, a ballot) notifies `meeting_changes` with the
-- meeting's id, so that each instance's watcher (src/db/feedwatch.c) knows the statuses it
-- answered from memory are stale. Notifications of one transaction with the same meeting
-- are delivered once, at commit.
CREATE OR REPLACE FUNCTION meeting_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        PERFORM pg_notify('meeting_changes', NEW.id::text);
    ELSIF TG_TABLE_NAME = 'ballots' THEN
        PERFORM pg_notify('meeting_changes',
                          (SELECT meeting_id::text FROM meeting_items WHERE id = NEW.item_id));
    ELSE
        PERFORM pg_notify('meeting_changes', NEW.meeting_id::text);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER meetings_notify AFTER INSERT OR UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION meeting_changes_notify();
CREATE OR REPLACE TRIGGER meeting_items_notify AFTER INSERT OR UPDATE ON meeting_items
    FOR EACH ROW EXECUTE FUNCTION meeting_changes_notify();
CREATE OR REPLACE TRIGGER meeting_attendance_notify AFTER INSERT OR UPDATE ON meeting_attendance
    FOR EACH ROW EXECUTE FUNCTION meeting_changes_notify();
CREATE OR REPLACE TRIGGER ballots_notify AFTER INSERT ON ballots
    FOR EACH ROW EXECUTE FUNCTION meeting_changes_notify();
