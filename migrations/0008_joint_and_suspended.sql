-- 0008_joint_and_suspended: from review.
-- A joint case binds both spouses: the joint debtor is visible to the case's creditors and
-- administrator like the debtor, and carries its own restrictions (one row per debtor and
-- kind). A suspended administrator no longer reaches the cases it was designated to.

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
        WHEN 'administrator' THEN EXISTS (SELECT 1 FROM applications a
                                          JOIN administrators m ON m.id = a.administrator_id
                                          WHERE d.id IN (a.debtor_id, a.joint_debtor_id)
                                          AND a.administrator_subject = sub AND m.status = 'active')
        ELSE false END;
END $$;

CREATE OR REPLACE FUNCTION application_visible(a applications, role text, sub text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN EXISTS (SELECT 1 FROM debtors d
                                   WHERE d.id IN (a.debtor_id, a.joint_debtor_id) AND d.subject = sub)
        WHEN 'creditor' THEN a.applicant_role = 'creditor'
                             AND (a.applicant_subject = sub OR a.co_applicants ? sub)
        WHEN 'administrator' THEN a.administrator_subject = sub
                                  AND EXISTS (SELECT 1 FROM administrators m
                                              WHERE m.id = a.administrator_id AND m.status = 'active')
        ELSE false END;
END $$;

ALTER TABLE restrictions DROP CONSTRAINT restrictions_case_id_kind_key;
ALTER TABLE restrictions ADD CONSTRAINT restrictions_case_debtor_kind UNIQUE (case_id, debtor_id, kind);
