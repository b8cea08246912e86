-- 0012_claims: creditors' claims on a case (declared, or listed by the administrator without
-- declaration), every version of a declaration, the status timeline, the administrator's
-- claim table in numbered versions (one row per claim reviewed), objections to entries of
-- the table and the court's confirmation rulings. Amounts are integer fen (BIGINT).

CREATE TABLE claims (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    source text NOT NULL CHECK (source IN ('declared', 'listed')),
    creditor_role text,                 -- who declared (null for a listed claim)
    creditor_subject text,
    creditor_name text NOT NULL,
    version integer NOT NULL DEFAULT 1, -- the current version of the declaration
    status text NOT NULL DEFAULT 'declared'
        CHECK (status IN ('declared', 'under_review', 'admitted', 'partly_admitted', 'rejected',
                          'withdrawn', 'disputed', 'confirmed', 'in_litigation')),
    declared_on date NOT NULL,
    timing text NOT NULL CHECK (timing IN ('in_period', 'supplementary', 'late_with_cause', 'listed')),
    principal_fen bigint NOT NULL CHECK (principal_fen >= 0),
    interest_fen bigint NOT NULL DEFAULT 0 CHECK (interest_fen >= 0),
    secured_fen bigint NOT NULL DEFAULT 0 CHECK (secured_fen >= 0),
    claimed_class text NOT NULL,
    content jsonb NOT NULL,             -- the declaration as the creditor stated it
    admitted_fen bigint CHECK (admitted_fen >= 0),
    admitted_class text,
    admitted_secured_fen bigint CHECK (admitted_secured_fen >= 0),
    review_reasons text,
    table_version integer,              -- the claim table version that reviewed it last
    confirmed_fen bigint CHECK (confirmed_fen >= 0),
    confirmed_by uuid,                  -- the confirmation ruling
    provisional_fen bigint CHECK (provisional_fen >= 0),
    provisional_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((source = 'declared') = (creditor_subject IS NOT NULL))
) WITH (fillfactor = 70); -- a claim table reviews thousands at once: room for HOT updates
CREATE INDEX claims_case ON claims (case_id, seq);
-- membership (application_visible) and a creditor's own lists: one index (a creditor holds
-- few claims, so its list sorts them; every index more is written by each review)
CREATE INDEX claims_creditor ON claims (creditor_subject, case_id) WHERE creditor_subject IS NOT NULL;

-- Every version of a declaration, kept: amendments and the withdrawal add one each.
CREATE TABLE claim_versions (
    claim_id uuid NOT NULL REFERENCES claims (id),
    version integer NOT NULL,
    change text NOT NULL CHECK (change IN ('declared', 'amended', 'withdrawn', 'listed')),
    content jsonb NOT NULL,
    by_role text NOT NULL,
    by_subject text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, version)
);

-- The status timeline of a claim, appended by every change but the claim table's reviews,
-- which are read from claim_table_rows (the rows that were added or changed).
-- No foreign key on claim_id here and in claim_table_rows: a claim table appends thousands
-- of rows in one statement, and a per-row check would double its time; their only writers
-- (sql/600, src/db/claims_sql.c) take the ids from claims in the same transaction.
CREATE TABLE claim_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id uuid NOT NULL,
    status text NOT NULL,
    what text NOT NULL,
    on_date date NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, seq);

-- The claim table (SZ-CLM-TABLE), one row per submission, numbered per case.
CREATE TABLE claim_tables (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    version integer NOT NULL,
    row_count integer NOT NULL,
    submitted_by text NOT NULL,
    submitted_on date NOT NULL,
    served_act_id uuid REFERENCES case_acts (id),
    served_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, version)
);

CREATE TABLE claim_table_rows (
    table_id uuid NOT NULL,             -- claim_tables (id): see claim_events
    row_no integer NOT NULL,
    claim_id uuid NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('admitted', 'partly_admitted', 'rejected')),
    admitted_fen bigint NOT NULL CHECK (admitted_fen >= 0),
    admitted_class text NOT NULL,
    secured_fen bigint NOT NULL DEFAULT 0 CHECK (secured_fen >= 0),
    reasons text,
    change text NOT NULL CHECK (change IN ('added', 'changed', 'unchanged')),
    changed_fields text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (table_id, row_no),
    UNIQUE (claim_id, table_id)         -- a claim once per version; a claim's reviews (timeline)
);

-- Objections to an entry of the served table (SZ-CLM-OBJECTION), the administrator's review
-- opinion and the objector's lawsuit.
CREATE TABLE claim_objections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    claim_id uuid NOT NULL REFERENCES claims (id),
    case_id uuid NOT NULL REFERENCES applications (id),
    objector_role text NOT NULL CHECK (objector_role IN ('creditor', 'debtor')),
    objector_subject text NOT NULL,
    reasons text NOT NULL,
    filed_on date NOT NULL,
    status text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'opinion_given', 'in_litigation')),
    opinion text,
    opinion_on date,
    lawsuit_due date,
    lawsuit_on date,
    lawsuit_reference text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_objections_claim ON claim_objections (claim_id, seq);

-- The court's confirmation rulings (SZ-CLM-CONFIRM), each listing the claims it confirmed.
CREATE TABLE claim_rulings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    ruling_date date NOT NULL,
    reference text NOT NULL,
    claims jsonb NOT NULL,              -- [{claim_id, confirmed_amount, class}]
    by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_rulings_case ON claim_rulings (case_id);
