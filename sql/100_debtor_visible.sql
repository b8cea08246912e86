-- debtor_visible: whether a principal (role, subject) may see a debtor's record. Court and
-- department see every debtor; a debtor its own record; a creditor the debtors of its
-- petitions while one is pending or accepted (a withdrawal, a rejection or a not_accepted
-- ends it; a creditor's petition names no joint debtor; what it sees is debtor_json's
-- 'creditor' view) and the debtors of the cases it holds a claim in; an administrator the debtors of
-- the cases it is designated to while it is active. PL/pgSQL, so the plan of the body is
-- kept for the connection (see migration 0004). Each OR across the two debtor columns is
-- written as two EXISTS, each an index lookup (applications_debtor, applications_joint_debtor):
-- `d.id IN (a.debtor_id, a.joint_debtor_id)` is served by no index.
CREATE OR REPLACE FUNCTION debtor_visible(d debtors, role text, sub text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN d.subject = sub
        WHEN 'creditor' THEN EXISTS (SELECT 1 FROM applications a WHERE a.debtor_id = d.id
                       AND a.status IN ('pending', 'accepted') AND a.applicant_role = 'creditor'
                       AND (a.applicant_subject = sub OR a.co_applicants ? sub))
            OR EXISTS (SELECT 1 FROM claims c JOIN applications a ON a.id = c.case_id
                       WHERE c.creditor_subject = sub AND a.debtor_id = d.id)
            OR EXISTS (SELECT 1 FROM claims c JOIN applications a ON a.id = c.case_id
                       WHERE c.creditor_subject = sub AND a.joint_debtor_id = d.id)
        WHEN 'administrator' THEN EXISTS (SELECT 1 FROM applications a
                                          JOIN administrators m ON m.id = a.administrator_id
                                          WHERE a.debtor_id = d.id
                                          AND a.administrator_subject = sub AND m.status = 'active')
            OR EXISTS (SELECT 1 FROM applications a
                       JOIN administrators m ON m.id = a.administrator_id
                       WHERE a.joint_debtor_id = d.id
                       AND a.administrator_subject = sub AND m.status = 'active')
        ELSE false END;
END $$;
