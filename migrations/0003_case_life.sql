-- 0003_case_life: what happens to a case after it is filed: the administrator roster and
-- designations, the legal acts of the case and the deadlines they start, and the
-- restrictions on the debtor with the change feed that enforcing units poll.

CREATE TABLE administrators (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    subject text UNIQUE,                -- the administrator's login (JWT sub)
    kind text NOT NULL CHECK (kind IN ('individual', 'institution')),
    name text NOT NULL,
    profession text NOT NULL
        CHECK (profession IN ('lawyer', 'accountant', 'other_qualified_professional', 'institution')),
    qualification text NOT NULL,        -- the department's assessment (SZ-ADM-QUALIFY)
    organisation text,
    phone text,
    email text,
    address text,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    disqualifications jsonb NOT NULL DEFAULT '[]',  -- [{ground, debtor_id?, note, since}]
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'institution') = (profession = 'institution'))
);

CREATE TABLE designations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    administrator_id uuid NOT NULL REFERENCES administrators (id),
    basis text NOT NULL CHECK (basis IN ('creditors_recommendation', 'department_proposal', 'court')),
    basis_reference text,
    designated_on date NOT NULL,
    ended_on date,
    end_kind text CHECK (end_kind IN ('replaced', 'resigned')),
    end_reason text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX designations_one_current ON designations (case_id) WHERE ended_on IS NULL;
CREATE INDEX designations_administrator ON designations (administrator_id);

-- The legal acts of a case, each with its legal date; deadlines hang from them.
CREATE TABLE case_acts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    kind text NOT NULL,
    on_date date NOT NULL,
    event_date date,                    -- the hearing or meeting an act schedules
    detail jsonb NOT NULL DEFAULT '{}',
    recorded_by_role text NOT NULL,
    recorded_by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    corrected_at timestamptz
);
CREATE INDEX case_acts_case ON case_acts (case_id, seq);

CREATE TABLE deadlines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    rule_id text NOT NULL,
    citation text NOT NULL,
    trigger_act_id uuid REFERENCES case_acts (id),
    trigger_kind text NOT NULL,
    trigger_date date NOT NULL,
    due date,                           -- null while the calendar lacks a year it needs
    trace jsonb NOT NULL,
    extensions integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'met', 'waived')),
    met_by_act_id uuid REFERENCES case_acts (id),
    met_on date,
    waived_reason text,
    waived_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, rule_id)
);
CREATE INDEX deadlines_due ON deadlines (status, due);

-- Overdue is derived, against the service's clock: never stored, never stale.
CREATE FUNCTION deadline_json(d deadlines, today date) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', d.id,
        'case_id', d.case_id,
        'case_number', (SELECT case_number FROM applications WHERE id = d.case_id),
        'rule_id', d.rule_id,
        'citation', d.citation,
        'trigger', json_build_object('kind', d.trigger_kind, 'date', d.trigger_date,
                                     'act_id', d.trigger_act_id),
        'due', d.due,
        'status', CASE WHEN d.status = 'pending' AND d.due < today THEN 'overdue' ELSE d.status END,
        'met_on', d.met_on,
        'met_late', d.status = 'met' AND d.met_on > d.due,
        'met_by_act_id', d.met_by_act_id,
        'waived_reason', d.waived_reason,
        'extensions', d.extensions,
        'trace', d.trace,
        'cursor', d.seq::text)
$$;

CREATE FUNCTION case_act_json(a case_acts) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', a.id, 'case_id', a.case_id, 'kind', a.kind, 'date', a.on_date,
                             'event_date', a.event_date, 'detail', a.detail,
                             'recorded_by', json_build_object('role', a.recorded_by_role,
                                                              'subject', a.recorded_by_subject),
                             'created_at', a.created_at, 'corrected_at', a.corrected_at)
$$;

-- Restrictions decided on acceptance (SZ-RST-DECISION), one row per kind.
CREATE TABLE restrictions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    kind text NOT NULL CHECK (kind IN ('consumption', 'posts', 'loan_declaration', 'exit')),
    rule_id text NOT NULL,
    citation text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}',
    effective_from date NOT NULL,
    effective_to date,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lifted')),
    lift_rule_id text,
    lift_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, kind)
);
CREATE INDEX restrictions_debtor ON restrictions (debtor_id, status);

CREATE TABLE restriction_consents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    restriction_id uuid NOT NULL REFERENCES restrictions (id),
    case_id uuid NOT NULL REFERENCES applications (id),
    item text,                          -- a consumption item, or null for leaving the country
    purpose text NOT NULL CHECK (purpose IN ('life', 'work')),
    reason text NOT NULL,
    from_date date NOT NULL,
    to_date date NOT NULL CHECK (to_date >= from_date),
    granted_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The change feed. Writers take one advisory lock before drawing a position, so positions
-- are handed out in commit order: a poller resuming after position N never misses a change
-- committed later with a smaller number. The payload is the change as units see it,
-- written once, so reading the feed is a range scan of the primary key.
CREATE SEQUENCE restriction_change_seq;
CREATE TABLE restriction_changes (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    case_id uuid NOT NULL REFERENCES applications (id),
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    change text NOT NULL CHECK (change IN ('imposed', 'consent_granted', 'amended', 'lifted')),
    payload jsonb NOT NULL
);
CREATE INDEX restriction_changes_case ON restriction_changes (case_id, seq);
CREATE TRIGGER restriction_changes_no_update BEFORE UPDATE OR DELETE ON restriction_changes
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

-- Every status check by a unit, so the debtor can see who looked and when.
CREATE TABLE restriction_checks (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    role text NOT NULL,
    subject text NOT NULL,
    request_id text NOT NULL,
    debtor_id uuid REFERENCES debtors (id),
    found boolean NOT NULL
);
CREATE INDEX restriction_checks_debtor ON restriction_checks (debtor_id, seq);
CREATE TRIGGER restriction_checks_no_update BEFORE UPDATE OR DELETE ON restriction_checks
    FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

CREATE FUNCTION restriction_json(r restrictions, today date) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', r.id, 'case_id', r.case_id, 'kind', r.kind, 'rule_id', r.rule_id,
        'citation', r.citation, 'detail', r.detail, 'effective_from', r.effective_from,
        'effective_to', r.effective_to, 'status', r.status, 'lift_rule_id', r.lift_rule_id,
        'lift_reason', r.lift_reason,
        'consents', (SELECT coalesce(json_agg(json_build_object(
                         'id', c.id, 'item', c.item, 'purpose', c.purpose, 'reason', c.reason,
                         'from', c.from_date, 'to', c.to_date,
                         'current', today BETWEEN c.from_date AND c.to_date) ORDER BY c.created_at), '[]')
                     FROM restriction_consents c WHERE c.restriction_id = r.id))
$$;

-- An administrator sees its current cases.
ALTER TABLE applications ADD COLUMN administrator_id uuid REFERENCES administrators (id);
