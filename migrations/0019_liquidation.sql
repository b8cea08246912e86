-- 0019_liquidation: from liquidation to discharge (issue 13). The debtor's property
-- declaration (itself, spouse, minor children) with its property changes of the look-back
-- years and what the service listed of them for revocation; the exempt-property list with
-- its cap check and the court's ruling; the estate (realizations, collateral realized by
-- secured creditors, expenses and common debts); distribution plans (rounds and
-- redistributions) with each line's share and its payment; breaches of a restriction
-- reported during the inspection period. Amounts are integer fen (BIGINT). The acts that go
-- with them (property_declared, bankruptcy_declared, ...) are rows of case_acts.

CREATE TABLE property_declarations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    version integer NOT NULL,           -- 1, 2, ...: a new declaration supersedes the last
    declared_on date NOT NULL,
    items jsonb NOT NULL,               -- [{person, category, description, value}]
    changes jsonb NOT NULL,             -- [{no, kind, date, description, amount, ...}]
    lookback jsonb NOT NULL,            -- what the service listed (SZ-PROP-REVOKE-3Y ...)
    total_fen bigint NOT NULL CHECK (total_fen >= 0),
    act_id uuid NOT NULL REFERENCES case_acts (id),
    by_role text NOT NULL,
    by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, version)
);

CREATE TABLE exempt_lists (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES applications (id),
    version integer NOT NULL,
    filed_on date NOT NULL,
    items jsonb NOT NULL,               -- [{category, description, value}]
    counted_fen bigint NOT NULL CHECK (counted_fen >= 0), -- against SZ-PROP-EXEMPT-CAP
    excluded_fen bigint NOT NULL CHECK (excluded_fen >= 0), -- its excluded categories
    cap_fen bigint NOT NULL,
    ruling jsonb,                       -- the court's {outcome, date, reasons, ...}
    act_id uuid NOT NULL REFERENCES case_acts (id),
    by_role text NOT NULL,
    by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, version)
);

CREATE TABLE estate_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    kind text NOT NULL CHECK (kind IN ('realization', 'collateral_realization', 'expense',
                                       'common_debt')),
    on_date date NOT NULL,
    description text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    claim_id uuid REFERENCES claims (id), -- the secured claim a collateral realization pays
    detail jsonb NOT NULL DEFAULT '{}', -- {from_collateral, shortfall, surplus, rule}
    by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'collateral_realization') = (claim_id IS NOT NULL))
);
CREATE INDEX estate_entries_case ON estate_entries (case_id, seq);
-- one realization of a claim's collateral
CREATE UNIQUE INDEX estate_entries_collateral ON estate_entries (claim_id)
    WHERE claim_id IS NOT NULL;

CREATE TABLE distribution_plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    number integer NOT NULL,            -- 1, 2, ... in the case
    kind text NOT NULL CHECK (kind IN ('interim', 'final', 'unclaimed', 'litigation')),
    state text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'approved')),
    proposed_on date NOT NULL,
    pool_fen bigint NOT NULL CHECK (pool_fen >= 0),
    method text NOT NULL,
    content jsonb NOT NULL,             -- SZ-LIQ-PLAN-CONTENT and the waterfall's result
    approval jsonb,                     -- {date, basis, meeting_item_id, act_id, reference}
    approved_on date,
    by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, number)
);

-- One line of a plan: a claim or an expense / common debt of the estate.
CREATE TABLE distribution_shares (
    plan_id uuid NOT NULL REFERENCES distribution_plans (id),
    line_id uuid NOT NULL,              -- claims (id) or estate_entries (id)
    line_kind text NOT NULL CHECK (line_kind IN ('claim', 'estate')),
    creditor_subject text,              -- who sees the line (a declared claim's creditor)
    creditor_name text NOT NULL,
    class text NOT NULL,
    basis_fen bigint NOT NULL CHECK (basis_fen >= 0), -- what the round counted of the line
    paid_fen bigint NOT NULL CHECK (paid_fen >= 0),
    reserved_fen bigint NOT NULL CHECK (reserved_fen >= 0),
    missed_fen bigint NOT NULL DEFAULT 0 CHECK (missed_fen >= 0),
    rule_id text,
    reserve_rule text,                  -- SZ-LIQ-RESERVE-CONDITIONAL or SZ-LIQ-LITIGATION
    left_out_of integer[] NOT NULL DEFAULT '{}', -- earlier rounds made before it arrived
    paid_on date,                       -- the payment recorded
    payment_reference text,
    PRIMARY KEY (plan_id, line_id)
);
CREATE INDEX distribution_shares_creditor ON distribution_shares (creditor_subject, plan_id)
    WHERE creditor_subject IS NOT NULL;

-- A breach of a restriction seen during the inspection period (SZ-DIS-INSPECTION), reported
-- by the department or an enforcing unit (agency).
CREATE TABLE inspection_breaches (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    restriction text NOT NULL,
    observed_on date NOT NULL,
    description text NOT NULL,
    evidence text,
    by_role text NOT NULL,
    by_subject text NOT NULL,
    request_id text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_breaches_case ON inspection_breaches (case_id, seq);
