-- 0023_filing_indexes: a filing writes fewer index entries (issue 17, durable filings). A new
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
