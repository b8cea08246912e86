-- Bankruptcy information disclosure and credit repair (issue 14; SZ-INF-DISCLOSE,
-- SZ-INF-CORRECT, SZ-INF-STOP, SZ-INF-RESTORED). What becomes public at each node of a case is
-- the data below, not code: a node, the acts that reach it and the fields it discloses. The
-- trigger on case_acts (sql/297_disclose_act.sql) writes an entry of the debtor's disclosed
-- record when such an act is recorded, so the plans and liquidation acts feed it without
-- knowing of it. Every change of the record is a position of the credit feed
-- (disclosure_changes), drawn under the restriction feed's lock, in commit order.

-- The nodes. fields: [{name, source}], source one of the vocabulary disclosure_value
-- (sql/295) evaluates: case.case_number, case.procedure, case.accepted_on, act.on_date,
-- act.kind, act.detail.<key>, claims.confirmed_count, claims.confirmed_total,
-- deadline.<rule id>.due, conduct.<key> (the department's record of dishonest conduct).
-- Identity numbers are masked in every public answer; the debtor's spouse and dependants
-- are no source at all.
CREATE TABLE disclosure_nodes (
    node text PRIMARY KEY,
    position integer NOT NULL UNIQUE,
    title text NOT NULL,
    dishonest boolean NOT NULL DEFAULT false, -- information SZ-INF-STOP may take off public view
    fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'array')
);
CREATE TABLE disclosure_node_acts (
    act_kind text PRIMARY KEY,
    node text NOT NULL REFERENCES disclosure_nodes (node)
);
INSERT INTO disclosure_nodes (node, position, title, dishonest, fields) VALUES
    ('application', 1, 'The application accepted', false,
     '[{"name": "case_number", "source": "case.case_number"},
       {"name": "procedure", "source": "case.procedure"},
       {"name": "accepted_on", "source": "act.on_date"}]'),
    ('property_report', 2, 'The property report', false,
     '[{"name": "reported_on", "source": "act.on_date"},
       {"name": "summary", "source": "act.detail.note"}]'),
    ('debts', 3, 'The debts', false,
     '[{"name": "step", "source": "act.kind"},
       {"name": "on", "source": "act.on_date"},
       {"name": "confirmed_claims", "source": "claims.confirmed_count"},
       {"name": "confirmed_total", "source": "claims.confirmed_total"}]'),
    ('plan', 4, 'The liquidation or reorganization plan', false,
     '[{"name": "plan", "source": "act.kind"},
       {"name": "approved_on", "source": "act.on_date"},
       {"name": "plan_id", "source": "act.detail.plan_id"},
       {"name": "version", "source": "act.detail.version"}]'),
    ('inspection', 5, 'The inspection period', false,
     '[{"name": "declared_on", "source": "act.on_date"},
       {"name": "inspection_ends_on", "source": "deadline.SZ-DIS-INSPECTION.due"}]'),
    ('discharge', 6, 'The discharge', false,
     '[{"name": "ruled_on", "source": "act.on_date"},
       {"name": "outcome", "source": "act.detail.outcome"}]'),
    ('dishonest_conduct', 7, 'Dishonest conduct found', true,
     '[{"name": "conduct", "source": "conduct.conduct"},
       {"name": "found_on", "source": "conduct.found_on"}]');
INSERT INTO disclosure_node_acts (act_kind, node) VALUES
    ('accepted', 'application'),
    ('property_reported', 'property_report'),
    ('claim_table_served', 'debts'),
    ('claims_confirmed', 'debts'),
    ('reorganization_plan_approved', 'plan'),
    ('settlement_approved', 'plan'),
    ('distribution_plan_approved', 'plan'),
    ('bankruptcy_declared', 'inspection'),
    ('discharge_ruled', 'discharge');

-- The disclosed record: one entry per node reached, per debtor of the case (both spouses of
-- a joint case are debtors; neither appears in the other's record). fields is the version
-- the public reads; earlier versions are kept below, never public.
CREATE TABLE disclosure_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    node text NOT NULL REFERENCES disclosure_nodes (node),
    act_id uuid REFERENCES case_acts (id),
    disclosed_on date NOT NULL,
    version integer NOT NULL DEFAULT 1,
    fields jsonb NOT NULL,
    stopped_on date,  -- SZ-INF-STOP approved: off public view, kept for the court and department
    restored_on date, -- SZ-INF-RESTORED ruled: marked restored (or hidden, as configured)
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disclosure_entries_debtor ON disclosure_entries (debtor_id, case_id, disclosed_on);
CREATE INDEX disclosure_entries_case ON disclosure_entries (case_id, node);
CREATE INDEX disclosure_entries_act ON disclosure_entries (act_id) WHERE act_id IS NOT NULL;

CREATE TABLE disclosure_entry_versions (
    entry_id uuid NOT NULL REFERENCES disclosure_entries (id),
    version integer NOT NULL,
    fields jsonb NOT NULL,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    replaced_by_request uuid, -- the correction that replaced it
    PRIMARY KEY (entry_id, version)
);

-- The credit feed: every disclosure, update, correction, stop and restoration, in one order.
-- Positions are drawn under the restriction feed's advisory lock (7242002), held to commit.
CREATE SEQUENCE disclosure_change_seq;
CREATE TABLE disclosure_changes (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    entry_id uuid NOT NULL REFERENCES disclosure_entries (id),
    case_id uuid NOT NULL REFERENCES applications (id),
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    change text NOT NULL CHECK (change IN ('disclosed', 'updated', 'corrected', 'stopped',
                                           'restored')),
    payload jsonb NOT NULL
);
CREATE INDEX disclosure_changes_debtor ON disclosure_changes (debtor_id, seq);

-- Every public query: from where (the client address), who when a token came, what was
-- asked (the name and the masked number), and the answer's kind; the debtor whose number was
-- asked reads the queries of its number.
CREATE TABLE disclosure_queries (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    client text NOT NULL,
    role text,
    subject text,
    request_id text NOT NULL,
    name text NOT NULL,
    id_number_masked text NOT NULL,
    debtor_id uuid REFERENCES debtors (id),
    answer text NOT NULL CHECK (answer IN ('disclosed', 'no_disclosed_record'))
);
CREATE INDEX disclosure_queries_debtor ON disclosure_queries (debtor_id, seq)
    WHERE debtor_id IS NOT NULL;

-- The department's record of dishonest conduct found in a case (the information SZ-INF-STOP
-- may take off public view): written as an entry of node dishonest_conduct.
-- The debtor's procedures: a correction of an entry (SZ-INF-CORRECT), a stop of the case's
-- dishonest-conduct information (SZ-INF-STOP), a restoration of the case's record
-- (SZ-INF-RESTORED). steps: [{step, state, on, by, note}] in the procedure's order.
CREATE TABLE disclosure_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind text NOT NULL CHECK (kind IN ('correction', 'stop', 'restoration')),
    rule_id text NOT NULL,
    case_id uuid NOT NULL REFERENCES applications (id),
    debtor_id uuid NOT NULL REFERENCES debtors (id),
    entry_id uuid REFERENCES disclosure_entries (id),
    filed_by_role text NOT NULL,
    filed_by_subject text NOT NULL,
    filed_on date NOT NULL,
    ground text,
    reasons text NOT NULL,
    evidence jsonb NOT NULL DEFAULT '[]',
    proposed jsonb,            -- a correction: the fields as the party says they should read
    status text NOT NULL CHECK (status IN ('under_review', 'announced', 'approved', 'refused')),
    steps jsonb NOT NULL,
    decided_on date,
    decision_reasons text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'correction') = (entry_id IS NOT NULL))
);
CREATE INDEX disclosure_requests_debtor ON disclosure_requests (debtor_id, seq);
CREATE INDEX disclosure_requests_case ON disclosure_requests (case_id, seq);
-- one open request of each kind per case (a correction: per entry)
CREATE UNIQUE INDEX disclosure_requests_one_open ON disclosure_requests
    (case_id, kind, coalesce(entry_id, '00000000-0000-0000-0000-000000000000'::uuid))
    WHERE status IN ('under_review', 'announced');
