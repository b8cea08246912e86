-- 0018_plans: reorganization plans and settlement agreements (SZ-REO-*, SZ-SET-*): the plan
-- with where it stands, its versions (the debtor's drafts; the one put to vote is frozen),
-- the schedule per creditor it becomes on approval, and the payments the debtor reports and
-- the administrator confirms. Amounts are integer fen (BIGINT).

CREATE TABLE plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    kind text NOT NULL CHECK (kind IN ('reorganization', 'settlement')),
    state text NOT NULL DEFAULT 'draft' CHECK (state IN (
        'draft',            -- versions may be added
        'voting',           -- put to a meeting's vote: the version is frozen
        'passed',           -- the meeting passed it (every group)
        'not_passed',       -- some group failed: compulsory approval may be asked for
        'approval_applied', -- the court is asked to approve it (compulsory or not)
        'executing',        -- approved: the schedule runs
        'completed',        -- fully executed
        'forgiven',         -- the rest forgiven on hardship (SZ-REO-HARDSHIP)
        'failed',           -- not passed and not approved (SZ-REO-FAIL, SZ-SET-END)
        'terminated',       -- ended during reorganization (SZ-REO-TERMINATE)
        'defaulted')),      -- execution ended for non-execution or fraud (SZ-REO-DEFAULT)
    version integer NOT NULL DEFAULT 1,  -- the latest version
    frozen_version integer,              -- the version put to vote
    converted boolean NOT NULL DEFAULT false, -- from an accepted liquidation (SZ-REO-WHEN)
    self_management boolean NOT NULL DEFAULT false, -- SZ-REO-SELF-MANAGE
    started_on date NOT NULL,            -- the reorganization (or settlement) began
    claim_period jsonb,                  -- SZ-SET-CLAIM-PERIOD {days, end} when none declared
    vote_item_id uuid REFERENCES meeting_items (id),
    voted_on date,
    vote_passed boolean,
    application jsonb,                   -- {on, compulsory, checks} (SZ-REO-PASS, SZ-REO-CRAMDOWN)
    ruling jsonb,                        -- {on, approved, compulsory, reasons}
    execution_end date,                  -- the end as extended (SZ-REO-EXTEND)
    extensions jsonb NOT NULL DEFAULT '[]',
    -- the creditors' own waivers of SZ-REO-SECURED / SZ-REO-FAIR: {subject: {on, version}}
    waivers jsonb NOT NULL DEFAULT '{}',
    report jsonb,                        -- the execution report (SZ-REO-REPORT)
    ended jsonb,                         -- {rule, on, ground, effects}
    created_by_role text NOT NULL,
    created_by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_case ON plans (case_id, seq);
CREATE INDEX plans_vote_item ON plans (vote_item_id) WHERE vote_item_id IS NOT NULL;
-- one plan under way per case: a new one after a failed, terminated or defaulted one
CREATE UNIQUE INDEX plans_one_open ON plans (case_id)
    WHERE state NOT IN ('failed', 'terminated', 'defaulted', 'completed', 'forgiven');

CREATE TABLE plan_versions (
    plan_id uuid NOT NULL REFERENCES plans (id),
    version integer NOT NULL,
    content jsonb NOT NULL,
    created_by_role text NOT NULL,
    created_by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version)
);

-- The schedule the approved version becomes: each class payment split per creditor.
CREATE TABLE plan_schedule (
    plan_id uuid NOT NULL REFERENCES plans (id),
    n integer NOT NULL,
    due date NOT NULL,
    creditor text NOT NULL,
    class text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (plan_id, n)
);
CREATE INDEX plan_schedule_creditor ON plan_schedule (plan_id, creditor, due);

CREATE TABLE plan_payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    plan_id uuid NOT NULL REFERENCES plans (id),
    creditor text NOT NULL,
    paid_on date NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    evidence jsonb NOT NULL,
    reported_by_role text NOT NULL,
    reported_by_subject text NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now(),
    confirmed_on date,
    confirmed_by_subject text
);
CREATE INDEX plan_payments_plan ON plan_payments (plan_id, creditor, seq);
