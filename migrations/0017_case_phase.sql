-- Where an accepted case stands after acceptance. The procedure a case was accepted under
-- (applications.procedure) never changes; its phase does: a liquidation is declared bankrupt,
-- a reorganization's plan is approved and executed or fails and the case awaits the
-- declaration, a settlement ends the proceedings. The plans (issue 12), liquidation and
-- discharge (issue 13) and disclosure (issue 14) resources all read and move this one
-- column, only through case_phase_set (sql/420), which keeps its history below.
ALTER TABLE applications ADD COLUMN phase text CHECK (phase IN (
    'liquidation',              -- accepted for liquidation, not (yet) declared bankrupt
    'reorganization',           -- the plan drafted and voted on (SZ-REO-WHEN, SZ-REO-SELF-MANAGE)
    'reorganization_execution', -- the plan approved (or imposed) and being executed (SZ-REO-REPORT)
    'settlement',               -- the settlement drafted and voted on (SZ-SET-WHEN)
    'settlement_execution',     -- the settlement approved, being executed (SZ-SET-END)
    'awaiting_declaration',     -- a reorganization or settlement failed or was terminated: the
                                -- court's declaration of bankruptcy follows (SZ-REO-FAIL, SZ-SET-END)
    'declared',                 -- declared bankrupt (SZ-LIQ-DECLARE-SERVE): estate and distributions;
                                -- the inspection period runs (SZ-DIS-INSPECTION)
    'concluded',                -- the liquidation concluded; the inspection period still runs
    'discharged',               -- the discharge ruling (SZ-DIS-INSPECTION, SZ-RST-PERIOD)
    'discharge_refused',        -- the court refused the discharge
    'ended'));                  -- the proceedings ended otherwise: debts paid before the
                                -- declaration (SZ-LIQ-END-BEFORE), a plan or settlement fully executed
UPDATE applications SET phase = procedure WHERE status = 'accepted';
-- a case has a phase from its acceptance on (a case rejected later keeps the one it was in)
ALTER TABLE applications ADD CONSTRAINT applications_phase_of_case
    CHECK (status <> 'accepted' OR phase IS NOT NULL);

CREATE TABLE case_phase_changes (
    case_id uuid NOT NULL REFERENCES applications (id),
    seq integer NOT NULL,             -- 1, 2, ... per case
    from_phase text,                  -- NULL for the first (acceptance)
    to_phase text NOT NULL,
    on_date date NOT NULL,            -- the legal date (the ruling's, the act's)
    rule_id text NOT NULL,            -- the provision that moved it
    act_id uuid REFERENCES case_acts (id),
    recorded_by_role text NOT NULL,
    recorded_by_subject text NOT NULL,
    request_id text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, seq)
);
INSERT INTO case_phase_changes (case_id, seq, from_phase, to_phase, on_date, rule_id,
                                recorded_by_role, recorded_by_subject)
SELECT id, 1, NULL, phase, accepted_on, 'SZ-APP-DECIDE', 'court', 'migration 0017'
FROM applications WHERE phase IS NOT NULL;
