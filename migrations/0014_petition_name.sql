-- 0014_petition_name: the name a creditor gave for the person it petitions against. Until
-- the court accepts a case of its petition, a creditor reads that name back, never the name
-- on the record: otherwise a petition with any name and a known identity number would tell
-- the creditor who is registered under that number (sql/200_debtor_json.sql).
ALTER TABLE applications ADD COLUMN debtor_name_given text;
