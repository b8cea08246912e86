-- 0016_claim_omissions: the administrator's finding that the debtor knew of a creditor's
-- claim and left it off its debts inventory (SZ-CLM-SUPPLEMENTARY's exception,
-- after_until_exception = debtor_knew_and_omitted). After the final distribution or the
-- completion of the reorganization plan a claim is no longer declared, except by the
-- creditor a finding names: its next declaration on the case is accepted, flagged, and
-- uses the finding up (claim_id).
CREATE TABLE claim_omissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    creditor_subject text NOT NULL,     -- the creditor's login: who may declare on it
    creditor_name text NOT NULL,
    reasons text NOT NULL,              -- how the debtor knew, and what the inventory left out
    marked_on date NOT NULL,
    marked_by_role text NOT NULL,
    marked_by_subject text NOT NULL,
    claim_id uuid UNIQUE REFERENCES claims (id), -- the declaration that used it
    created_at timestamptz NOT NULL DEFAULT now()
);
-- a declaration looks for the creditor's unused finding in the case
CREATE INDEX claim_omissions_unused ON claim_omissions (case_id, creditor_subject)
    WHERE claim_id IS NULL;
