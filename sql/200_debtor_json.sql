-- debtor_json: a debtor's record as the API shows it to a reader (sub) with a view from the
-- policy (policy_debtor_view): 'whole' shows identity numbers (the debtor's, the spouse's,
-- the dependants') whole, 'masked' masks them, 'creditor' is what the law gives a
-- petitioning creditor: the name and the masked number, the contacts only once the court
-- has accepted a case of its petition (one index lookup, applications_debtor), never the
-- spouse or the dependants. Until then the name is the one its petition gave, not the
-- record's: a petition must not tell a creditor who is registered under a number.
CREATE OR REPLACE FUNCTION debtor_json(d debtors, view text, sub text) RETURNS json
LANGUAGE plpgsql STABLE AS $$
DECLARE
    full_id boolean := view = 'whole';
    v_accepted boolean;
    v_given text;
BEGIN
    IF view = 'creditor' THEN
        SELECT bool_or(a.status = 'accepted'), (array_agg(a.debtor_name_given ORDER BY a.seq DESC))[1]
        INTO v_accepted, v_given
        FROM applications a WHERE a.debtor_id = d.id AND a.status IN ('pending', 'accepted')
          AND a.applicant_role = 'creditor' AND (a.applicant_subject = sub OR a.co_applicants ? sub);
        RETURN json_build_object(
            'id', d.id,
            'view', 'creditor',
            'name', CASE WHEN v_accepted THEN d.name ELSE coalesce(v_given, d.name) END,
            'id_number', mask_id_number(d.id_number),
            'contacts', CASE WHEN v_accepted
                        THEN json_build_object('phone', d.phone, 'email', d.email,
                                               'address', d.address) END,
            'cursor', d.seq::text);
    END IF;
    RETURN json_build_object(
        'id', d.id,
        'name', d.name,
        'id_number', CASE WHEN full_id THEN d.id_number ELSE mask_id_number(d.id_number) END,
        'phone', d.phone,
        'email', d.email,
        'address', d.address,
        'sez_resident', d.sez_resident,
        'social_insurance_years', d.social_insurance_years,
        'individual_business', d.individual_business,
        'spouse', CASE WHEN d.spouse IS NULL THEN NULL
                       WHEN full_id THEN d.spouse
                       ELSE d.spouse || jsonb_build_object('id_number',
                                mask_id_number(d.spouse ->> 'id_number')) END,
        'dependants', CASE WHEN full_id THEN d.dependants ELSE
            (SELECT coalesce(jsonb_agg(CASE WHEN x ? 'id_number' AND x ->> 'id_number' IS NOT NULL
                                            THEN x || jsonb_build_object('id_number',
                                                      mask_id_number(x ->> 'id_number'))
                                            ELSE x END), '[]')
             FROM jsonb_array_elements(d.dependants) x) END,
        'has_login', d.subject IS NOT NULL,
        'created_at', d.created_at,
        'updated_at', d.updated_at,
        'cursor', d.seq::text);
END $$;
