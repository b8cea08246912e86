-- 0022_filing_indexes: a filing writes fewer index entries (issue 17, durable filings). A new
-- application has no administrator and no case number yet, so its NULLs went into two
-- indexes no statement reads them from: every statement that asks either column asks
-- `= value`, which implies IS NOT NULL, so partial indexes serve the same plans and a
-- filing skips them. The case number stays unique: NULLs never conflicted.
DROP INDEX applications_administrator;
CREATE INDEX applications_administrator ON applications (administrator_subject)
    WHERE administrator_subject IS NOT NULL;
ALTER TABLE applications DROP CONSTRAINT applications_case_number_key;
CREATE UNIQUE INDEX applications_case_number ON applications (case_number)
    WHERE case_number IS NOT NULL;
-- Most audit rows are about their own case (object_id is case_id as text): those are found
-- by audit_log_case, so the object's index holds only the others (a debtor's record, an
-- object of another case); audit_for_application repeats the condition.
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object ON audit_log (object_id, seq)
    WHERE case_id IS NULL OR object_id <> case_id::text;
-- The deadlines an act opened are found through the act's case (deadlines_triggered_by):
-- a case has few deadlines, and each filing wrote two entries at a random place of this
-- index. Acts are never deleted nor their ids changed, so the foreign key needs no index.
DROP INDEX deadlines_trigger_act;
