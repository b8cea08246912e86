-- 0001_foundation: debtors, applications (an accepted application is the case),
-- case numbers and the append-only audit trail. JSON shapes and visibility predicates
-- are SQL functions so that every read is one round trip and membership is decided in
-- the statement that reads the row.

CREATE TABLE debtors (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    subject text UNIQUE,                -- the debtor's own login (JWT sub), when it has one
    name text NOT NULL,
    id_number text NOT NULL UNIQUE,
    phone text,
    email text,
    address text,
    sez_resident boolean,               -- lives in the Shenzhen SEZ (SZ-ELIG-RESIDENCE); null: unknown
    social_insurance_years integer,     -- consecutive years of Shenzhen social insurance; null: unknown
    individual_business boolean NOT NULL DEFAULT false,
    spouse jsonb,                       -- {name, id_number}
    dependants jsonb NOT NULL DEFAULT '[]',
    created_by_role text NOT NULL,
    created_by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT debtors_spouse_differs CHECK (spouse ->> 'id_number' IS DISTINCT FROM id_number)
);

CREATE TABLE applications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    profile text NOT NULL DEFAULT 'shenzhen-2021',
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    joint_debtor_id uuid REFERENCES debtors (id),
    applicant_role text NOT NULL CHECK (applicant_role IN ('debtor', 'creditor')),
    applicant_subject text NOT NULL,
    co_applicants jsonb NOT NULL DEFAULT '[]',
    procedure text NOT NULL CHECK (procedure IN ('liquidation', 'reorganization', 'settlement')),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'not_accepted', 'rejected', 'withdrawn', 'superseded')),
    received_on date NOT NULL,
    statement text,
    expected_income_fen bigint CHECK (expected_income_fen >= 0),
    expected_income_source text,
    claims jsonb NOT NULL DEFAULT '[]',
    claims_due_total_fen bigint NOT NULL DEFAULT 0,
    materials jsonb NOT NULL DEFAULT '[]',
    materials_required jsonb NOT NULL DEFAULT '[]',  -- kinds SZ-APP-MATERIALS asks of this applicant
    justification text,
    flags jsonb NOT NULL DEFAULT '[]',
    case_number text UNIQUE,
    accepted_on date,
    decided_on date,
    decision jsonb,
    withdrawn_on date,
    withdrawal_reason text,
    superseded_by uuid REFERENCES applications (id),
    administrator_subject text,         -- set by designation (a later migration)
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_debtor ON applications (debtor_id, status);
CREATE INDEX applications_applicant ON applications (applicant_subject);
CREATE INDEX applications_co_applicants ON applications USING gin (co_applicants);
CREATE INDEX applications_administrator ON applications (administrator_subject);
-- One open case per debtor; one pending application per applicant and debtor.
CREATE UNIQUE INDEX applications_one_case ON applications (debtor_id) WHERE status = 'accepted';
CREATE UNIQUE INDEX applications_one_pending ON applications (debtor_id, applicant_role, applicant_subject)
    WHERE status = 'pending';

CREATE TABLE case_numbers (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

CREATE TABLE audit_log (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    role text NOT NULL,
    subject text NOT NULL,
    request_id text NOT NULL,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text NOT NULL,
    case_id uuid,
    detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_case ON audit_log (case_id, seq);
CREATE INDEX audit_log_object ON audit_log (object_id, seq);

-- The trail is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

-- Amounts leave the database as exact decimal strings "1234.50".
CREATE FUNCTION money_text(fen bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fen IS NULL THEN NULL
                WHEN fen < 0 THEN '-' || money_text(-fen)
                ELSE (fen / 100)::text || '.' || lpad((fen % 100)::text, 2, '0') END
$$;

-- Identity numbers for roles that may not see them whole: region and last four kept.
CREATE FUNCTION mask_id_number(n text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN n IS NULL THEN NULL
                WHEN length(n) <= 10 THEN repeat('*', length(n))
                ELSE left(n, 6) || repeat('*', length(n) - 10) || right(n, 4) END
$$;

CREATE FUNCTION debtor_visible(d debtors, role text, sub text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN d.subject = sub
        WHEN 'creditor' THEN (d.created_by_role = 'creditor' AND d.created_by_subject = sub)
            OR EXISTS (SELECT 1 FROM applications a WHERE a.debtor_id = d.id
                       AND a.applicant_role = 'creditor'
                       AND (a.applicant_subject = sub OR a.co_applicants ? sub))
        WHEN 'administrator' THEN EXISTS (SELECT 1 FROM applications a WHERE a.debtor_id = d.id
                                          AND a.administrator_subject = sub)
        ELSE false END
$$;

CREATE FUNCTION application_visible(a applications, role text, sub text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE role
        WHEN 'court' THEN true
        WHEN 'department' THEN true
        WHEN 'debtor' THEN EXISTS (SELECT 1 FROM debtors d
                                   WHERE d.id IN (a.debtor_id, a.joint_debtor_id) AND d.subject = sub)
        WHEN 'creditor' THEN a.applicant_role = 'creditor'
                             AND (a.applicant_subject = sub OR a.co_applicants ? sub)
        WHEN 'administrator' THEN a.administrator_subject = sub
        ELSE false END
$$;

CREATE FUNCTION debtor_json(d debtors, full_id boolean) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
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
        'cursor', d.seq::text)
$$;

CREATE FUNCTION application_json(a applications) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', a.id,
        'case_number', a.case_number,
        'profile', a.profile,
        'debtor_id', a.debtor_id,
        'joint_debtor_id', a.joint_debtor_id,
        'applicant', json_build_object('role', a.applicant_role, 'subject', a.applicant_subject,
                                        'co_applicants', a.co_applicants),
        'procedure', a.procedure,
        'status', a.status,
        'received_on', a.received_on,
        'statement', a.statement,
        'expected_income', CASE WHEN a.expected_income_fen IS NULL THEN NULL ELSE
            json_build_object('monthly_amount', money_text(a.expected_income_fen),
                               'source', a.expected_income_source) END,
        'claims', (SELECT coalesce(jsonb_agg(c - 'amount_fen' || jsonb_build_object(
                       'amount', money_text((c ->> 'amount_fen')::bigint)) ORDER BY n), '[]')
                   FROM jsonb_array_elements(a.claims) WITH ORDINALITY AS t(c, n)),
        'claims_due_total', money_text(a.claims_due_total_fen),
        'materials', a.materials,
        'materials_missing', (SELECT coalesce(jsonb_agg(k ORDER BY k), '[]')
                              FROM jsonb_array_elements_text(a.materials_required) k
                              WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(a.materials) m
                                                WHERE m ->> 'kind' = k)),
        -- the court decides on the justification of a repeated application (SZ-APP-WITHDRAW)
        'justification', a.justification,
        'flags', a.flags,
        'accepted_on', a.accepted_on,
        'decided_on', a.decided_on,
        'decision', a.decision,
        'withdrawn_on', a.withdrawn_on,
        'withdrawal_reason', a.withdrawal_reason,
        'superseded_by', a.superseded_by,
        'created_at', a.created_at,
        'updated_at', a.updated_at,
        'cursor', a.seq::text)
$$;
