-- 0015_meetings: creditors' meetings (SZ-MTG-*): the meeting with how it was called and
-- noticed, its agenda items, the membership each item froze when its voting opened, the
-- attendance, every ballot (append-only: the last one of a member counts) with its receipt,
-- and the revocation requests made after the meeting. Amounts are integer fen (BIGINT).

CREATE TABLE meetings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    case_id uuid NOT NULL REFERENCES applications (id),
    number integer NOT NULL,            -- 1, 2, ... in the case
    kind text NOT NULL CHECK (kind IN ('first', 'later')),
    called_by text NOT NULL CHECK (called_by IN ('announcement', 'court', 'administrator',
                                                 'creditors')),
    -- SZ-MTG-CALL: the requesting creditors [{subject, amount}] and the check
    -- {rule_id, requesting_fen, total_fen, num, den, met}
    requesting jsonb NOT NULL DEFAULT '[]',
    call_check jsonb,
    meeting_date date NOT NULL,
    place text,
    online_room text,
    state text NOT NULL DEFAULT 'convened' CHECK (state IN ('convened', 'open', 'closed')),
    notice_act_id uuid REFERENCES case_acts (id),
    notice_on date,
    notice_due date,                    -- SZ-MTG-NOTICE's last day for the notice
    notice_due_provisional boolean NOT NULL DEFAULT false, -- counted on a year not entered
    late_notice boolean NOT NULL DEFAULT false,
    late_reason text,                   -- the court's recorded reason for a late notice
    closed_on date,
    created_by_role text NOT NULL,
    created_by_subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, number),
    CHECK (place IS NOT NULL OR online_room IS NOT NULL)
);

CREATE TABLE meeting_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    meeting_id uuid NOT NULL REFERENCES meetings (id),
    number integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('general', 'exempt_property_list', 'management_plan',
                                       'realization_plan', 'distribution_plan',
                                       'reorganization_plan', 'settlement',
                                       'administrator_replacement', 'committee')),
    text text NOT NULL,
    reference text,                     -- the plan or agreement voted on, by reference
    detail jsonb NOT NULL DEFAULT '{}', -- committee members, small-claims bound
    rule_id text NOT NULL,              -- the rule that decides it
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'open', 'closed')),
    opened_at timestamptz,
    closed_at timestamptz,
    result jsonb,                       -- the tally recorded when it closed
    passed boolean,
    UNIQUE (meeting_id, number)
);

-- The membership of an item, frozen when its voting opens (SZ-MTG-MEMBERS): one row per
-- creditor and voting group (a reorganization plan's member may sit in two groups).
CREATE TABLE meeting_item_members (
    item_id uuid NOT NULL REFERENCES meeting_items (id),
    member text NOT NULL,               -- the creditor's subject
    grp text NOT NULL DEFAULT 'general',
    claim_ids uuid[] NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    secured boolean NOT NULL DEFAULT false,
    votes boolean NOT NULL,
    no_vote_reason text,                -- the rule that keeps it from voting
    -- the member's counted ballot: its last one (the highest seq), kept with each ballot by
    -- the statement that stores it, so that a tally reads the membership alone
    choice text CHECK (choice IN ('for', 'against', 'abstain')),
    ballot_seq bigint,
    PRIMARY KEY (item_id, member, grp)
);

-- Attendance per member of a meeting (in person, by agent with a power of attorney, online).
CREATE TABLE meeting_attendance (
    meeting_id uuid NOT NULL REFERENCES meetings (id),
    member text NOT NULL,
    mode text NOT NULL CHECK (mode IN ('in_person', 'agent', 'online')),
    agent_name text,
    power_of_attorney text,
    recorded_by_role text NOT NULL,
    recorded_by_subject text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, member),
    CHECK (mode <> 'agent' OR (agent_name IS NOT NULL AND power_of_attorney IS NOT NULL))
);

-- Every ballot, kept (append-only: sql/305): a member's last one (by seq) counts. The
-- receipt is the ballot's id, its time and digest: the SHA-256 (hex) of
-- item_id|member|choice|seq|time, time as stored in cast_time (UTC, microseconds).
CREATE SEQUENCE ballots_seq;
CREATE TABLE ballots (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint NOT NULL UNIQUE,
    item_id uuid NOT NULL REFERENCES meeting_items (id),
    member text NOT NULL,
    choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    channel text NOT NULL CHECK (channel IN ('online', 'room', 'agent')),
    paper_ref text,                     -- the paper ballot cast in the room
    agent_name text,
    cast_by_role text NOT NULL,
    cast_by_subject text NOT NULL,
    cast_time text NOT NULL,            -- the time of the receipt, as digested
    digest text NOT NULL,
    request_id text,
    CHECK (channel = 'online' OR paper_ref IS NOT NULL)
);
-- the last ballot of a member on an item (vote status, tally), and a member's ballots
CREATE INDEX ballots_item_member ON ballots (item_id, member, seq);

-- A creditor's request to the court to revoke a resolution (SZ-MTG-REVOKE).
CREATE TABLE meeting_revocations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id uuid NOT NULL REFERENCES meetings (id),
    item_id uuid NOT NULL REFERENCES meeting_items (id),
    creditor_subject text NOT NULL,
    reasons text NOT NULL,
    requested_on date NOT NULL,
    due date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_revocations_meeting ON meeting_revocations (meeting_id);
