-- application_visible: whether a principal (role, subject) may see an application (an
-- accepted one is the case) and what hangs from it: acts, deadlines, restrictions. Court
-- and department see all; a debtor those against it as debtor or joint debtor; a creditor
-- its petitions, those it co-signed and the cases it holds a claim in (a member of the case:
-- claims_creditor serves it); an administrator the cases it is designated to
-- while it is active.
CREATE OR REPLACE FUNCTION application_visible(a applications, role text, sub text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN EXISTS (SELECT 1 FROM debtors d
                                   WHERE d.id IN (a.debtor_id, a.joint_debtor_id) AND d.subject = sub)
        WHEN 'creditor' THEN (a.applicant_role = 'creditor'
                              AND (a.applicant_subject = sub OR a.co_applicants ? sub))
                             OR EXISTS (SELECT 1 FROM claims c
                                        WHERE c.creditor_subject = sub AND c.case_id = a.id)
        WHEN 'administrator' THEN a.administrator_subject = sub
                                  AND EXISTS (SELECT 1 FROM administrators m
                                              WHERE m.id = a.administrator_id AND m.status = 'active')
        ELSE false END;
END $$;
