-- restriction_changes_notify: every new position of the restriction feed is announced on
-- the channel restriction_changes (delivered when its transaction commits), so that each
-- service instance knows the feed's head without asking and answers an unchanged poll (304)
-- without touching the database (src/db/feedwatch.c listens).
CREATE OR REPLACE FUNCTION restriction_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('restriction_changes', NEW.seq::text);
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER restriction_changes_notify AFTER INSERT ON restriction_changes
    FOR EACH ROW EXECUTE FUNCTION restriction_changes_notify();
