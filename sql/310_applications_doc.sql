-- applications_doc: an application's JSON (application_json) kept with the row. A trigger
-- writes it in the transaction of every change, so reads (the hottest path: one application
-- by id) fetch it as it is instead of building it on every read.
CREATE OR REPLACE FUNCTION applications_doc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.doc := application_json(NEW);
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER applications_doc BEFORE INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_doc();
-- The stored documents follow the shape: when this migrate changed application_json, the
-- money_text it uses or this file (migrate lists the changed files of sql/ in the setting
-- bankruptcyd.changed_definitions), every row's doc is rebuilt, in the upgrade's transaction.
UPDATE applications a SET doc = application_json(a)
WHERE current_setting('bankruptcyd.changed_definitions', true)
      ~ '(^|,)(010_money_text|210_application_json|310_applications_doc)\.sql';
