-- 0007_application_doc: an application's JSON, kept with the row. application_json depends
-- on the row alone, so a trigger writes it in the transaction of every change and reads
-- (the hottest path of the service: one application by id) fetch it as it is, instead of
-- building it on every read. The shape is still defined once, by application_json.
ALTER TABLE applications ADD COLUMN doc json;

CREATE FUNCTION applications_doc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.doc := application_json(NEW);
    RETURN NEW;
END $$;

CREATE TRIGGER applications_doc BEFORE INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_doc();

UPDATE applications SET doc = application_json(applications);
ALTER TABLE applications ALTER COLUMN doc SET NOT NULL;
