-- 0013_debtor_json_view: debtor_json takes the reader's view and subject instead of one
-- boolean (issue 16: a petitioning creditor sees a narrower shape, see sql/200). A changed
-- argument list is a new function, so the old one is dropped here; sql/200 defines the new.
DROP FUNCTION IF EXISTS debtor_json(debtors, boolean);
