-- disclose_act: when an act the disclosure table names is recorded, its disclosure
-- (disclosure_of_act, sql/432). A trigger, so that every writer of case_acts (record_act from
-- any resource, accept_application) discloses without knowing of it. A node reached again
-- (the claim table served, then the claims confirmed) is a new entry: the public record
-- shows each step as it happened.
CREATE OR REPLACE FUNCTION disclose_act() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM disclosure_of_act(NEW);
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER disclose_act AFTER INSERT ON case_acts
    FOR EACH ROW EXECUTE FUNCTION disclose_act();
