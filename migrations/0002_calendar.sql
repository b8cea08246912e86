-- 0002_calendar: the court's calendar of non-working days (public holidays) and make-up
-- working days (weekend days worked in exchange). A year is "covered" when it is listed in
-- calendar_years: any other Saturday or Sunday is then a non-working day and any other
-- weekday a working day. Periods that need a year not covered are refused, never guessed.
-- The court maintains later years through PUT /v1/calendar/{year}.
--
-- Seed: the official calendar for 2025 and 2026 published by the General Office of the
-- State Council (notices of 12 November 2024 and 4 November 2025), copied from
-- shared/calendar/cn-2025-2026.csv (also kept as tests/data/cn-2025-2026.csv).

CREATE TABLE calendar_years (
    year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
    source text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calendar_days (
    day date PRIMARY KEY,
    year integer NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name text NOT NULL,
    CHECK (extract(year FROM day)::int = year),
    -- a make-up working day is a weekend day worked in exchange
    CHECK (kind <> 'workday' OR extract(isodow FROM day) IN (6, 7))
);

INSERT INTO calendar_years (year, source) VALUES
    (2025, 'State Council General Office notice of 12 November 2024'),
    (2026, 'State Council General Office notice of 4 November 2025');

INSERT INTO calendar_days (day, year, kind, name) VALUES
    ('2025-01-01', 2025, 'holiday', 'New Year''s Day'),
    ('2025-01-26', 2025, 'workday', 'Spring Festival make-up'),
    ('2025-01-28', 2025, 'holiday', 'Spring Festival'),
    ('2025-01-29', 2025, 'holiday', 'Spring Festival'),
    ('2025-01-30', 2025, 'holiday', 'Spring Festival'),
    ('2025-01-31', 2025, 'holiday', 'Spring Festival'),
    ('2025-02-01', 2025, 'holiday', 'Spring Festival'),
    ('2025-02-02', 2025, 'holiday', 'Spring Festival'),
    ('2025-02-03', 2025, 'holiday', 'Spring Festival'),
    ('2025-02-04', 2025, 'holiday', 'Spring Festival'),
    ('2025-02-08', 2025, 'workday', 'Spring Festival make-up'),
    ('2025-04-04', 2025, 'holiday', 'Qingming'),
    ('2025-04-05', 2025, 'holiday', 'Qingming'),
    ('2025-04-06', 2025, 'holiday', 'Qingming'),
    ('2025-04-27', 2025, 'workday', 'Labour Day make-up'),
    ('2025-05-01', 2025, 'holiday', 'Labour Day'),
    ('2025-05-02', 2025, 'holiday', 'Labour Day'),
    ('2025-05-03', 2025, 'holiday', 'Labour Day'),
    ('2025-05-04', 2025, 'holiday', 'Labour Day'),
    ('2025-05-05', 2025, 'holiday', 'Labour Day'),
    ('2025-05-31', 2025, 'holiday', 'Dragon Boat'),
    ('2025-06-01', 2025, 'holiday', 'Dragon Boat'),
    ('2025-06-02', 2025, 'holiday', 'Dragon Boat'),
    ('2025-09-28', 2025, 'workday', 'National Day make-up'),
    ('2025-10-01', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-02', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-03', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-04', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-05', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-06', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-07', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-08', 2025, 'holiday', 'National Day and Mid-Autumn'),
    ('2025-10-11', 2025, 'workday', 'National Day make-up'),
    ('2026-01-01', 2026, 'holiday', 'New Year''s Day'),
    ('2026-01-02', 2026, 'holiday', 'New Year''s Day'),
    ('2026-01-03', 2026, 'holiday', 'New Year''s Day'),
    ('2026-01-04', 2026, 'workday', 'New Year''s Day make-up'),
    ('2026-02-14', 2026, 'workday', 'Spring Festival make-up'),
    ('2026-02-15', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-16', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-17', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-18', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-19', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-20', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-21', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-22', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-23', 2026, 'holiday', 'Spring Festival'),
    ('2026-02-28', 2026, 'workday', 'Spring Festival make-up'),
    ('2026-04-04', 2026, 'holiday', 'Qingming'),
    ('2026-04-05', 2026, 'holiday', 'Qingming'),
    ('2026-04-06', 2026, 'holiday', 'Qingming'),
    ('2026-05-01', 2026, 'holiday', 'Labour Day'),
    ('2026-05-02', 2026, 'holiday', 'Labour Day'),
    ('2026-05-03', 2026, 'holiday', 'Labour Day'),
    ('2026-05-04', 2026, 'holiday', 'Labour Day'),
    ('2026-05-05', 2026, 'holiday', 'Labour Day'),
    ('2026-05-09', 2026, 'workday', 'Labour Day make-up'),
    ('2026-06-19', 2026, 'holiday', 'Dragon Boat'),
    ('2026-06-20', 2026, 'holiday', 'Dragon Boat'),
    ('2026-06-21', 2026, 'holiday', 'Dragon Boat'),
    ('2026-09-20', 2026, 'workday', 'National Day make-up'),
    ('2026-09-25', 2026, 'holiday', 'Mid-Autumn'),
    ('2026-09-26', 2026, 'holiday', 'Mid-Autumn'),
    ('2026-09-27', 2026, 'holiday', 'Mid-Autumn'),
    ('2026-10-01', 2026, 'holiday', 'National Day'),
    ('2026-10-02', 2026, 'holiday', 'National Day'),
    ('2026-10-03', 2026, 'holiday', 'National Day'),
    ('2026-10-04', 2026, 'holiday', 'National Day'),
    ('2026-10-05', 2026, 'holiday', 'National Day'),
    ('2026-10-06', 2026, 'holiday', 'National Day'),
    ('2026-10-07', 2026, 'holiday', 'National Day'),
    ('2026-10-10', 2026, 'workday', 'National Day make-up');
