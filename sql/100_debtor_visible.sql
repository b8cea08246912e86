-- debtor_visible: whether a principal (role, subject) may see a debtor's record. Court and
-- department see every debtor; a debtor its own record; a creditor the debtors it recorded
-- and those of its petitions (as debtor or joint debtor) or of the cases it holds a claim in;
-- an administrator the debtors of
-- the cases it is designated to while it is active. PL/pgSQL, so the plan of the body is
-- kept for the connection (see migration 0004).
CREATE OR REPLACE FUNCTION debtor_visible(d debtors, role text, sub text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN d.subject = sub
        WHEN 'creditor' THEN (d.created_by_role = 'creditor' AND d.created_by_subject = sub)
            OR EXISTS (SELECT 1 FROM applications a WHERE d.id IN (a.debtor_id, a.joint_debtor_id)
                       AND a.applicant_role = 'creditor'
                       AND (a.applicant_subject = sub OR a.co_applicants ? sub))
            OR EXISTS (SELECT 1 FROM claims c JOIN applications a ON a.id = c.case_id
                       WHERE c.creditor_subject = sub AND d.id IN (a.debtor_id, a.joint_debtor_id))
        WHEN 'administrator' THEN EXISTS (SELECT 1 FROM applications a
                                          JOIN administrators m ON m.id = a.administrator_id
                                          WHERE d.id IN (a.debtor_id, a.joint_debtor_id)
                                          AND a.administrator_subject = sub AND m.status = 'active')
        ELSE false END;
END $$;
