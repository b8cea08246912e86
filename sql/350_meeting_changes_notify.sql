-- meeting_changes_notify: every change of a creditors' meeting that a vote status shows (the
-- meeting, its items, the attendance, a ballot) names the meeting on the channel
-- topic_changes ("meeting:<id>"), so that each service instance answers an unchanged poll
-- of its vote status (304) from memory (src/api/memo.c, src/db/feedwatch.c).
-- Notifications of one transaction with the same meeting are delivered once, at commit.
CREATE OR REPLACE FUNCTION meeting_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        PERFORM pg_notify('topic_changes', 'meeting:' || NEW.id);
    ELSIF TG_TABLE_NAME = 'ballots' THEN
        PERFORM pg_notify('topic_changes',
                          'meeting:' || (SELECT meeting_id FROM meeting_items WHERE id = NEW.item_id));
    ELSE
        PERFORM pg_notify('topic_changes', 'meeting:' || NEW.meeting_id);
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
