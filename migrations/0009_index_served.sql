-- 0009_index_served: every statement of a request finds its rows through an index, however
-- many cases the department holds (issue 17). The plan test (tests/integration/test_plans.c)
-- runs every prepared statement against 50,000 seeded cases and fails on a sequential scan
-- of a table that grows with the cases; what it found is fixed here.
--
-- A debtor's cases are the applications naming it as debtor or as joint debtor. Written
-- `d.id IN (a.debtor_id, a.joint_debtor_id)`, that is an OR across two columns, which no
-- single index serves: PostgreSQL read every application for each filing's facts and each
-- creditor's or administrator's read of a joint case's debtor. Each column now has its own
-- index and is asked on its own (two index lookups, results unchanged).

-- Joint debtors: about one case in ten, so the index holds only those rows.
CREATE INDEX applications_joint_debtor ON applications (joint_debtor_id)
    WHERE joint_debtor_id IS NOT NULL;
-- An administrator's new login is copied to its cases (administrator_sync_subject).
CREATE INDEX applications_administrator_id ON applications (administrator_id)
    WHERE administrator_id IS NOT NULL;
-- A case's designations, past ones included (designations_for_case); the unique index of
-- migration 0003 holds the current one only.
CREATE INDEX designations_case ON designations (case_id);
-- The deadlines an act opened or met, found again when the act is corrected.
CREATE INDEX deadlines_trigger_act ON deadlines (trigger_act_id) WHERE trigger_act_id IS NOT NULL;
CREATE INDEX deadlines_met_by_act ON deadlines (met_by_act_id) WHERE met_by_act_id IS NOT NULL;
-- A restriction's consents, read with every restriction shown and every unit's check.
CREATE INDEX restriction_consents_restriction ON restriction_consents (restriction_id);

-- debtor_visible asks each debtor column on its own (two EXISTS, each an index lookup):
-- sql/100_debtor_visible.sql.
