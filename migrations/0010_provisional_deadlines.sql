-- 0010_provisional_deadlines: a court calendar year that is not entered yet no longer stops a
-- case. A deadline whose roll needs such a year is dated on what is known of it (weekends,
-- no holidays, no make-up working days) and marked provisional with the year it waits for;
-- when the court enters the year (PUT /v1/calendar/{year}) it is re-dated, and each
-- re-dating is kept in the deadline's history.
ALTER TABLE deadlines
    ADD COLUMN provisional boolean NOT NULL DEFAULT false,
    ADD COLUMN missing_year integer,
    ADD COLUMN history jsonb NOT NULL DEFAULT '[]',
    ADD CHECK (provisional = (missing_year IS NOT NULL));

-- Deadlines stored undated before this (they waited for a year) wait for the calendar too.
UPDATE deadlines SET provisional = true,
    missing_year = coalesce((trace->>'missing_year')::integer, extract(year FROM trigger_date)::integer)
WHERE due IS NULL;

-- What waits for the calendar: read by the dashboard filter and by each calendar PUT.
CREATE INDEX deadlines_provisional ON deadlines (seq) WHERE provisional;
-- Announcements whose claim period or first-meeting bound is provisional, checked again
-- when the year is entered.
CREATE INDEX case_acts_provisional ON case_acts (seq)
    WHERE kind = 'announced' AND (detail->>'provisional') = 'true';

-- deadline_json shows provisional, missing_year and history: sql/220_deadline_json.sql.
