-- A creditor named as a co-applicant of another creditor's petition decides itself whether
-- it joins: {"<sub>": {"decision": "joined"|"declined", "on": date, "statement": text}}.
-- Until it joins, its claims do not count towards SZ-APP-CREDITOR-MIN when the court
-- accepts (a petitioner could otherwise reach the threshold with other creditors' claims
-- in their name but without their word). Pending joint petitions filed before this
-- migration have no decisions yet: their co-applicants must join before acceptance counts
-- their claims.
ALTER TABLE applications ADD COLUMN co_applicant_decisions jsonb NOT NULL DEFAULT '{}';
