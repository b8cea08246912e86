-- claim_visible: whether a principal (role, subject) sees a claim in full. Court and
-- department see every claim; the administrator those of the cases it may see; a creditor
-- its own declarations. The debtor and the other creditors see a claim only as an entry of
-- the served claim table (claim_table_json).
CREATE OR REPLACE FUNCTION claim_visible(c claims, a applications, role text, sub text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'administrator' THEN application_visible(a, role, sub)
        WHEN 'creditor' THEN c.creditor_role = 'creditor' AND c.creditor_subject = sub
        ELSE false END
$$;
