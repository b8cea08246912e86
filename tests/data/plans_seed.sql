-- plans_seed.sql: the volume the plan test (tests/integration/test_plans.c) explains its
-- statements against: 50,000 accepted cases and what hangs from them, with the proportions
-- of a working department, so that the planner chooses as it would in production. Built
-- with generate_series and modulo arithmetic (no random()), so every run has the same shape.
-- Identity numbers skip the check character (the database does not validate it).
--
--   debtors        55,000 (every second one with a login) + 5,000 spouses of joint cases
--   applications   50,000 accepted (5,000 joint; 30% creditors' petitions, a third of
--                  them by two banks with 2,500 each), 3,000
--                  withdrawn, 2,000 not accepted, 1,000 pending (filed again) and 1,000
--                  pending joint creditors' petitions
--   administrators 200 (10 suspended); one designation per case, 5,000 ended ones before
--   one act a case and an announcement every tenth case (100 of them on provisional
--   bounds), 1.1 deadlines a case (500 provisional: dated without the 2027 calendar), 1.2
--   restrictions a case (and as many for the spouse of a joint case) with their feed
--   changes, 3,000 consents, 40,000 status checks, 1.1 audit rows a case, 20,000
--   Idempotency-Key answers (500 of them expired).
--   claims         125,000 in 10,000 cases (5 to 20 each, 400 in one) with their versions
--                  and timeline, claim tables (one or two versions) with their rows,
--                  objections and confirmation rulings (see the claims below)
--
-- Triggers are off while seeding (superuser only): foreign keys are met by construction,
-- and the document the trigger of migration 0007 keeps is replaced by one of the usual
-- size (the plans depend on the row's width, not on its content).
SET session_replication_role = replica;

INSERT INTO administrators (subject, kind, name, profession, qualification, status)
SELECT 'adm-' || g, 'individual', 'Administrator ' || g, 'lawyer', 'qualified',
       CASE WHEN g % 20 = 0 THEN 'suspended' ELSE 'active' END
FROM generate_series(1, 200) g;

INSERT INTO debtors (subject, name, id_number, sez_resident, social_insurance_years,
                     created_by_role, created_by_subject)
SELECT CASE WHEN g % 2 = 0 THEN 'debtor-' || g END, 'Debtor ' || g,
       '440305' || lpad(g::text, 12, '0'), true, 5,
       CASE WHEN g % 10 = 1 THEN 'creditor' ELSE 'court' END,
       CASE WHEN g % 10 = 1 THEN 'creditor-' || g % 2000 ELSE 'court-1' END
FROM generate_series(1, 60000) g;

-- Debtors 1..50,000 have a case; 50,001..55,000 spouses of the joint cases (every tenth);
-- 55,001..60,000 only applications that were not accepted.
INSERT INTO applications (debtor_id, joint_debtor_id, applicant_role, applicant_subject,
                          co_applicants, procedure, phase, status, received_on, case_number,
                          accepted_on, decided_on, administrator_id, administrator_subject, doc)
SELECT d.id, j.id, CASE WHEN d.seq % 10 < 3 THEN 'creditor' ELSE 'debtor' END,
       CASE WHEN d.seq % 10 = 0 THEN 'bank-' || d.seq / 10 % 2
            WHEN d.seq % 10 < 3 THEN 'creditor-' || d.seq % 2000 ELSE 'debtor-' || d.seq END,
       CASE WHEN d.seq % 50 = 1 THEN jsonb_build_array('creditor-' || (d.seq + 1) % 2000)
            ELSE '[]' END,
       (ARRAY['liquidation', 'reorganization', 'settlement'])[1 + d.seq % 3],
       (ARRAY['liquidation', 'reorganization', 'settlement'])[1 + d.seq % 3], 'accepted',
       '2025-01-01'::date + (d.seq % 600)::int,
       format('(%s) Yue 03 Po Ge No. %s', 2025 + d.seq % 2, d.seq),
       '2025-01-11'::date + (d.seq % 600)::int, '2025-01-11'::date + (d.seq % 600)::int,
       m.id, m.subject, json_build_object('seeded', true, 'pad', repeat('x', 900))
FROM debtors d
LEFT JOIN debtors j ON d.seq % 10 = 0 AND j.seq = 50000 + d.seq / 10
JOIN administrators m ON m.seq = 1 + d.seq % 200
WHERE d.seq <= 50000;

INSERT INTO applications (debtor_id, applicant_role, applicant_subject, procedure, status,
                          received_on, withdrawn_on, decided_on, doc)
SELECT d.id, CASE WHEN d.seq % 10 < 3 THEN 'creditor' ELSE 'debtor' END,
       CASE WHEN d.seq % 10 < 3 THEN 'creditor-' || d.seq % 2000 ELSE 'debtor-' || d.seq END,
       'liquidation', s.status, '2026-06-01'::date + (d.seq % 150)::int,
       CASE WHEN s.status = 'withdrawn' THEN '2026-09-01'::date END,
       CASE WHEN s.status = 'not_accepted' THEN '2026-09-01'::date END, json_build_object('seeded', true, 'pad', repeat('x', 900))
FROM debtors d
JOIN LATERAL (SELECT CASE WHEN d.seq <= 58000 THEN 'withdrawn' ELSE 'not_accepted' END
              AS status) s ON true
WHERE d.seq > 55000;

-- Debtors 55,001..60,000 filed again after their first application ended.
INSERT INTO applications (debtor_id, applicant_role, applicant_subject, procedure, status,
                          received_on, doc)
SELECT d.id, 'debtor', 'debtor-' || d.seq, 'liquidation', 'pending', '2026-11-02', json_build_object('seeded', true, 'pad', repeat('x', 900))
FROM debtors d WHERE d.seq > 55000 AND d.seq % 5 = 1;
-- ... and a creditor petitioned against each of them too, with the next debtor as spouse:
-- the court accepts one of the two and the other is superseded.
INSERT INTO applications (debtor_id, joint_debtor_id, applicant_role, applicant_subject,
                          procedure, status, received_on, doc)
SELECT d.id, j.id, 'creditor', 'creditor-' || d.seq % 2000, 'liquidation', 'pending',
       '2026-11-16', json_build_object('seeded', true, 'pad', repeat('x', 900))
FROM debtors d JOIN debtors j ON j.seq = d.seq + 1
WHERE d.seq > 55000 AND d.seq % 5 = 1;

INSERT INTO designations (case_id, administrator_id, basis, designated_on)
SELECT a.id, a.administrator_id, 'court', a.accepted_on
FROM applications a WHERE a.status = 'accepted';
INSERT INTO designations (case_id, administrator_id, basis, designated_on, ended_on, end_kind)
SELECT a.id, m.id, 'court', a.accepted_on, a.accepted_on, 'resigned'
FROM applications a JOIN administrators m ON m.seq = 1 + (a.seq + 7) % 200
WHERE a.status = 'accepted' AND a.seq % 10 = 3;

INSERT INTO case_acts (case_id, kind, on_date, recorded_by_role, recorded_by_subject)
SELECT a.id, k.kind, a.accepted_on + k.offs, 'court', 'court-1'
FROM applications a,
     (VALUES ('acceptance_ruling', 0)) AS k(kind, offs)
WHERE a.status = 'accepted';

-- One in 200 is provisional (migration 0010): due in 2027 on what is known of the year,
-- pending until the court enters its calendar.
INSERT INTO deadlines (case_id, rule_id, citation, trigger_act_id, trigger_kind, trigger_date,
                       due, provisional, missing_year, trace, status, met_on)
SELECT c.case_id, 'SZ-RULE-' || r.rule, 'citation', c.id, c.kind, c.on_date,
       CASE WHEN c.seq % 200 = 0 THEN '2027-01-04'::date + (c.seq % 60)::int
            ELSE c.on_date + 30 END,
       c.seq % 200 = 0, CASE WHEN c.seq % 200 = 0 THEN 2027 END, '[]',
       CASE WHEN c.seq % 200 = 0 OR c.seq % 3 = 0 THEN 'pending'
            WHEN c.seq % 3 = 1 THEN 'met' ELSE 'waived' END,
       CASE WHEN c.seq % 200 <> 0 AND c.seq % 3 = 1 THEN c.on_date + 20 END
FROM case_acts c CROSS JOIN (VALUES ('A'), ('B')) AS r(rule)
WHERE c.seq % 10 = 0 OR r.rule = 'A';

-- The announcement of every tenth case (after the deadlines: it opens none here), with the
-- bounds its checks computed (src/api/acts.c); one in 50 on provisional bounds, checked
-- again when the court enters 2027 (migration 0010, index case_acts_provisional).
INSERT INTO case_acts (case_id, kind, on_date, event_date, detail, recorded_by_role,
                       recorded_by_subject)
SELECT a.id, 'announced', a.accepted_on + 10, a.accepted_on + 60,
       jsonb_build_object('claim_period_days', 30, 'place', 'Court room 3',
                          'claim_period_end', a.accepted_on + 40,
                          'first_meeting_latest', a.accepted_on + 55,
                          'provisional', a.seq % 500 = 5,
                          'missing_year', CASE WHEN a.seq % 500 = 5 THEN 2027 END,
                          'provisional_dates', CASE WHEN a.seq % 500 = 5
                              THEN '["first_meeting_latest"]'::jsonb ELSE '[]' END),
       'court', 'court-1'
FROM applications a WHERE a.status = 'accepted' AND a.seq % 10 = 5;

INSERT INTO restrictions (case_id, debtor_id, kind, rule_id, citation, effective_from, status,
                          effective_to)
SELECT a.id, p.debtor_id, k.kind, 'SZ-RST-' || k.kind, 'citation', a.accepted_on,
       CASE WHEN a.seq % 10 = 7 THEN 'lifted' ELSE 'active' END,
       CASE WHEN a.seq % 10 = 7 THEN '2026-06-30'::date END
FROM applications a
CROSS JOIN LATERAL (VALUES (a.debtor_id), (a.joint_debtor_id)) AS p(debtor_id)
CROSS JOIN (VALUES ('consumption'), ('exit')) AS k(kind)
WHERE a.status = 'accepted' AND p.debtor_id IS NOT NULL AND (k.kind = 'consumption' OR a.seq % 5 = 0);

INSERT INTO restriction_consents (restriction_id, case_id, item, purpose, reason, from_date,
                                  to_date, granted_by)
SELECT r.id, r.case_id, 'air travel', 'work', 'a contract abroad', '2026-01-01', '2026-12-31',
       'court-1'
FROM restrictions r WHERE r.kind = 'consumption' AND (hashtext(r.id::text) % 20) = 0;

INSERT INTO restriction_changes (seq, case_id, debtor_id, change, payload)
SELECT nextval('restriction_change_seq'), r.case_id, r.debtor_id, 'imposed',
       jsonb_build_object('restriction', jsonb_build_object('id', r.id, 'kind', r.kind))
FROM restrictions r;

INSERT INTO restriction_checks (role, subject, request_id, debtor_id, found)
SELECT 'unit', 'unit-' || g % 50, 'req-' || g, d.id, true
FROM generate_series(1, 40000) g JOIN debtors d ON d.seq = 1 + g % 50000;

INSERT INTO audit_log (role, subject, request_id, action, object_type, object_id, case_id)
SELECT a.applicant_role, a.applicant_subject, 'req-' || a.seq || '-' || k.n, k.action,
       'application', a.id::text, a.id
FROM applications a, (VALUES (1, 'application.create'), (2, 'application.accept')) AS k(n, action)
WHERE k.n = 1 OR a.status = 'accepted' AND a.seq % 10 = 0;

-- Answers kept for an Idempotency-Key (migration 0011): a day's writes of four kinds of
-- principal, the request text hashed as the service hashes it; one in 40 expired, waiting
-- for the purge of idempotency_claim.
INSERT INTO idempotency_keys (role, subject, key, request_hash, status, body, location,
                              created_at, expires_at)
SELECT p.role, p.subject, 'key-' || g,
       encode(sha256(convert_to('POST /v1/applications' || chr(10) || '{"n":' || g || '}',
                                'UTF8')), 'hex'),
       201, '{"id":"' || g || '","pad":"' || repeat('x', 900) || '"}', '/v1/applications/' || g,
       e.at - interval '1 day', e.at
FROM generate_series(1, 20000) g
CROSS JOIN LATERAL (SELECT (ARRAY['court', 'creditor', 'debtor', 'administrator'])[1 + g % 4]
                           AS role,
                           (ARRAY['court-1', 'bank-' || g / 4 % 2, 'debtor-' || 2 * (g / 4 + 1),
                                  'adm-' || 1 + g / 4 % 200])[1 + g % 4] AS subject) p
CROSS JOIN LATERAL (SELECT CASE WHEN g % 40 = 0 THEN now() - interval '1 hour'
                                ELSE now() + interval '1 minute' * (g % 1440) END AS at) e;

-- Claims (migration 0012) in every fifth accepted case (10,000 cases: the joint bank cases
-- of every tenth and the announced ones), 5 to 20 a case (125,000) and 400 in the fifteenth
-- (claims_case: a case of many creditors, whose whole table the administrator submits again).
-- The first claim of a case is the petitioning creditor's, or a bank's (bank-0 holds 2,500
-- claims, bank-1 7,500); every seventh is listed by the administrator (wages); the others are
-- individual creditors' (creditor-0..1999, about 60 each). The case's place in its life
-- (phase, by case) says how far its claims went:
--   0-2  declared, no table yet
--   3-4  claim table version 1 submitted, not served
--   5-6  version 1 served; objections to one entry in nine (filed, opinion given, in
--        litigation)
--   7    version 1 served, version 2 (a quarter of the rows changed) served; objections
--   8-9  version 1 served and the claims confirmed by the court's ruling
-- One declaration in eight was amended, one in thirteen withdrawn before the review. Ids are
-- md5-derived, so that the child rows are built from the same generator without joins.
CREATE TEMP TABLE seed_claims AS
SELECT k.*,
       CASE WHEN withdrawn OR phase < 3 THEN NULL
            WHEN outcome = 'rejected' THEN 0
            WHEN outcome = 'partly_admitted' THEN (principal_fen + interest_fen) * 3 / 4
            ELSE principal_fen + interest_fen END AS admitted_fen,
       CASE WHEN phase IN (5, 6, 7) AND NOT withdrawn AND n % 9 = 8 AND outcome <> 'rejected'
            THEN (ARRAY['filed', 'opinion_given', 'in_litigation'])[1 + (case_seq / 5 + n / 9) % 3]
       END AS objection,
       phase = 7 AND NOT withdrawn AND n % 4 = 0 AS revised
FROM (SELECT md5('claim-' || a.id || '-' || n)::uuid AS id, a.id AS case_id, a.seq AS case_seq,
             n, p.phase, a.accepted_on, a.administrator_subject,
             n % 7 = 0 AS listed, n % 7 <> 0 AND n % 13 = 6 AS withdrawn,
             n % 7 <> 0 AND n % 8 = 5 AS amended,
             CASE WHEN n % 7 = 0 THEN NULL
                  WHEN n = 1 AND a.applicant_role = 'creditor' THEN a.applicant_subject
                  WHEN n = 1 THEN 'bank-' || a.seq / 5 % 2
                  ELSE 'creditor-' || (a.seq * 7 + n * 13) % 2000 END AS creditor_subject,
             a.accepted_on + 12 + n % 25 AS declared_on,
             CASE WHEN n % 7 = 0 THEN 'listed' WHEN n % 11 = 0 THEN 'supplementary'
                  ELSE 'in_period' END AS timing,
             100000::bigint * (1 + (a.seq + n * 37) % 500) AS principal_fen,
             CASE WHEN n % 3 = 0 THEN 5000::bigint * (1 + (a.seq + n * 37) % 500) ELSE 0 END
                 AS interest_fen,
             CASE WHEN n % 9 = 4 THEN 50000::bigint * (1 + (a.seq + n * 37) % 500) ELSE 0 END
                 AS secured_fen,
             CASE WHEN n % 7 = 0 THEN 'employees' WHEN n % 29 = 3 THEN 'support'
                  ELSE 'ordinary' END AS claimed_class,
             CASE WHEN n % 17 = 2 THEN 'rejected' WHEN n % 6 = 1 THEN 'partly_admitted'
                  ELSE 'admitted' END AS outcome
      FROM applications a
      CROSS JOIN LATERAL (SELECT CASE WHEN a.seq = 15 THEN 5 ELSE a.seq / 5 % 10 END AS phase) p
      CROSS JOIN LATERAL generate_series(1, CASE WHEN a.seq = 15 THEN 400
                                                 ELSE 5 + a.seq::int / 5 % 16 END) n
      WHERE a.status = 'accepted' AND a.seq % 5 = 0) k;

INSERT INTO claims (id, case_id, source, creditor_role, creditor_subject, creditor_name, version,
                    status, declared_on, timing, principal_fen, interest_fen, secured_fen,
                    claimed_class, content, admitted_fen, admitted_class, admitted_secured_fen,
                    review_reasons, table_version, confirmed_fen, confirmed_by)
SELECT s.id, s.case_id, CASE WHEN s.listed THEN 'listed' ELSE 'declared' END,
       CASE WHEN NOT s.listed THEN 'creditor' END, s.creditor_subject,
       coalesce('Creditor ' || s.creditor_subject, 'Employee ' || s.n),
       1 + s.amended::int + s.withdrawn::int,
       CASE WHEN s.withdrawn THEN 'withdrawn'
            WHEN s.phase >= 8 AND s.admitted_fen > 0 THEN 'confirmed'
            WHEN s.objection = 'in_litigation' THEN 'in_litigation'
            WHEN s.objection IS NOT NULL THEN 'disputed'
            WHEN s.phase >= 3 THEN s.outcome ELSE 'declared' END,
       s.declared_on, s.timing, s.principal_fen, s.interest_fen, s.secured_fen, s.claimed_class,
       jsonb_build_object('creditor_name', coalesce('Creditor ' || s.creditor_subject,
                                                    'Employee ' || s.n),
                          'principal', (s.principal_fen / 100)::text || '.00',
                          'claimed_class', s.claimed_class, 'kind', 'loan',
                          'evidence', jsonb_build_array(jsonb_build_object(
                              'kind', 'contract', 'reference', 'contract-' || s.n))),
       s.admitted_fen, CASE WHEN s.admitted_fen IS NOT NULL THEN s.claimed_class END,
       CASE WHEN s.admitted_fen IS NOT NULL THEN least(s.secured_fen, s.admitted_fen) END,
       CASE WHEN s.revised THEN 'revised on the evidence produced'
            WHEN s.admitted_fen IS NOT NULL AND s.outcome <> 'admitted'
            THEN 'the interest is not proven' END,
       CASE WHEN s.admitted_fen IS NOT NULL THEN 1 + s.revised::int END,
       CASE WHEN s.phase >= 8 AND s.admitted_fen > 0 THEN s.admitted_fen END,
       CASE WHEN s.phase >= 8 AND s.admitted_fen > 0
            THEN md5('ruling-' || s.case_id)::uuid END
FROM seed_claims s ORDER BY s.case_seq, s.n;

INSERT INTO claim_versions (claim_id, version, change, content, by_role, by_subject)
SELECT s.id, v.version, v.change, jsonb_build_object('creditor_name', 'x', 'kind', 'loan'),
       CASE WHEN s.listed THEN 'administrator' ELSE 'creditor' END,
       coalesce(s.creditor_subject, s.administrator_subject)
FROM seed_claims s
CROSS JOIN LATERAL (VALUES (1, CASE WHEN s.listed THEN 'listed' ELSE 'declared' END, true),
                           (2, 'amended', s.amended),
                           (2 + s.amended::int, 'withdrawn', s.withdrawn)) AS v(version, change, here)
WHERE v.here;

INSERT INTO claim_events (claim_id, status, what, on_date, detail)
SELECT id, 'declared', CASE WHEN listed THEN 'listed' ELSE 'declared' END, declared_on,
       jsonb_build_object('timing', timing) FROM seed_claims
UNION ALL
SELECT id, 'declared', 'amended', declared_on + 3, '{"version": 2}' FROM seed_claims WHERE amended
UNION ALL
SELECT id, 'withdrawn', 'withdrawn', declared_on + 5, '{"reason": "paid"}' FROM seed_claims
WHERE withdrawn
UNION ALL
SELECT id, 'disputed', 'objected', accepted_on + 58, '{}' FROM seed_claims
WHERE objection IS NOT NULL
UNION ALL
SELECT id, 'disputed', 'review_opinion', accepted_on + 62, '{}' FROM seed_claims
WHERE objection IN ('opinion_given', 'in_litigation')
UNION ALL
SELECT id, 'in_litigation', 'lawsuit_filed', accepted_on + 70, '{}' FROM seed_claims
WHERE objection = 'in_litigation'
UNION ALL
SELECT id, 'confirmed', 'confirmed_by_ruling', accepted_on + 80,
       jsonb_build_object('ruling_id', md5('ruling-' || case_id)::uuid) FROM seed_claims
WHERE phase >= 8 AND admitted_fen > 0;

-- The tables, the acts that served them and their rows.
CREATE TEMP TABLE seed_tables AS
SELECT md5('table-' || c.case_id || '-' || v.version)::uuid AS id, c.case_id, v.version,
       c.accepted_on + 50 + 20 * (v.version - 1) AS submitted_on,
       CASE WHEN c.phase >= 5 THEN md5('served-' || c.case_id || '-' || v.version)::uuid END
           AS served_act_id,
       CASE WHEN c.phase >= 5 THEN c.accepted_on + 55 + 20 * (v.version - 1) END AS served_on,
       c.administrator_subject, c.rows
FROM (SELECT case_id, accepted_on, administrator_subject, phase,
             count(*) FILTER (WHERE NOT withdrawn) AS rows
      FROM seed_claims WHERE phase >= 3
      GROUP BY case_id, accepted_on, administrator_subject, phase) c
CROSS JOIN LATERAL (VALUES (1), (2)) AS v(version)
WHERE v.version = 1 OR c.phase = 7;

INSERT INTO case_acts (id, case_id, kind, on_date, recorded_by_role, recorded_by_subject)
SELECT served_act_id, case_id, 'claim_table_served', served_on, 'administrator',
       administrator_subject
FROM seed_tables WHERE served_act_id IS NOT NULL;
INSERT INTO case_acts (case_id, kind, on_date, detail, recorded_by_role, recorded_by_subject)
SELECT case_id, 'claims_confirmed', accepted_on + 80,
       jsonb_build_object('ruling_id', md5('ruling-' || case_id)::uuid), 'court', 'court-1'
FROM seed_claims WHERE phase >= 8 GROUP BY case_id, accepted_on;

INSERT INTO claim_tables (id, case_id, version, row_count, submitted_by, submitted_on,
                          served_act_id, served_on)
SELECT id, case_id, version, rows, administrator_subject, submitted_on, served_act_id, served_on
FROM seed_tables;

INSERT INTO claim_table_rows (table_id, row_no, claim_id, outcome, admitted_fen, admitted_class,
                              secured_fen, reasons, change, changed_fields)
SELECT md5('table-' || s.case_id || '-' || v.version)::uuid,
       row_number() OVER (PARTITION BY s.case_id, v.version ORDER BY s.n), s.id, s.outcome,
       s.admitted_fen, s.claimed_class, least(s.secured_fen, s.admitted_fen),
       CASE WHEN v.version = 2 AND s.revised THEN 'revised on the evidence produced'
            WHEN s.outcome <> 'admitted' THEN 'the interest is not proven' END,
       CASE WHEN v.version = 1 THEN 'added' WHEN s.revised THEN 'changed' ELSE 'unchanged' END,
       CASE WHEN v.version = 2 AND s.revised THEN '{reasons}'::text[] ELSE '{}' END
FROM seed_claims s
CROSS JOIN LATERAL (VALUES (1), (2)) AS v(version)
WHERE s.phase >= 3 AND NOT s.withdrawn AND (v.version = 1 OR s.phase = 7);

INSERT INTO claim_objections (claim_id, case_id, objector_role, objector_subject, reasons,
                              filed_on, status, opinion, opinion_on, lawsuit_due, lawsuit_on,
                              lawsuit_reference)
SELECT s.id, s.case_id, 'creditor', 'creditor-' || (s.case_seq * 7 + (s.n + 1) * 13) % 2000,
       'the debt was repaid in part', s.accepted_on + 58, s.objection,
       CASE WHEN s.objection <> 'filed' THEN 'the entry stands' END,
       CASE WHEN s.objection <> 'filed' THEN s.accepted_on + 62 END,
       CASE WHEN s.objection <> 'filed' THEN s.accepted_on + 77 END,
       CASE WHEN s.objection = 'in_litigation' THEN s.accepted_on + 70 END,
       CASE WHEN s.objection = 'in_litigation' THEN '(2026) Yue 03 Min Chu ' || s.case_seq END
FROM seed_claims s WHERE s.objection IS NOT NULL;

INSERT INTO claim_rulings (id, case_id, ruling_date, reference, claims, by_subject)
SELECT md5('ruling-' || s.case_id)::uuid, s.case_id, s.accepted_on + 80,
       '(2026) Yue 03 Po Que ' || s.case_seq,
       jsonb_agg(jsonb_build_object('claim_id', s.id, 'confirmed_amount', s.admitted_fen::text,
                                    'class', s.claimed_class) ORDER BY s.n), 'court-1'
FROM seed_claims s WHERE s.phase >= 8 AND s.admitted_fen > 0
GROUP BY s.case_id, s.case_seq, s.accepted_on;

-- The administrator's findings that the debtor left a claim off its inventory (migration
-- 0016): one for the creditor of each supplementary declaration, every other one used by it.
INSERT INTO claim_omissions (case_id, creditor_subject, creditor_name, reasons, marked_on,
                             marked_by_role, marked_by_subject, claim_id)
SELECT s.case_id, s.creditor_subject, 'Creditor ' || s.creditor_subject,
       'the debtor knew of the loan and left it off its debts inventory', s.accepted_on + 90,
       'administrator', s.administrator_subject, CASE WHEN s.n % 2 = 0 THEN s.id END
FROM seed_claims s WHERE s.timing = 'supplementary';

INSERT INTO case_numbers (year, last) VALUES (2025, 50000), (2026, 50000);
RESET session_replication_role;

-- The deadline entries src/api/caselife.c (deadline_entry) passes to record_act: a rule
-- counted from a trigger, provisional when the due date falls in 2027, whose calendar is
-- not entered (a temporary function: it goes with the seeding session).
CREATE FUNCTION pg_temp.plan_entry(p_rule text, p_citation text, p_trigger date, p_days int)
RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('rule_id', p_rule, 'citation', p_citation,
        'trigger_date', p_trigger, 'due', p_trigger + p_days, 'provisional', y.provisional,
        'missing_year', CASE WHEN y.provisional THEN 2027 END,
        'trace', jsonb_build_object('rule_id', p_rule, 'citation', p_citation,
            'trigger', p_trigger, 'amount', p_days, 'unit', 'days', 'in_advance', false,
            'roll', 'forward', 'error', NULL, 'raw_end', p_trigger + p_days,
            'due', p_trigger + p_days, 'provisional', y.provisional, 'skipped', '[]'::jsonb))
    FROM (SELECT p_trigger + p_days >= '2027-01-01' AS provisional) y
$$;

-- The rows the plan test takes its parameters from (one row; see test_plans.c).
--   case_id      a debtor's own petition: debtor 4 (login debtor-4), administrator adm-5
--   joint_case   a bank's petition (bank-0) on debtor 20 and spouse 50,002 (login
--                debtor-50002), administrator adm-21; neither created by a creditor
--   pending_id   an application waiting for the court (debtor 55,001, who filed again)
--   pending_joint  a creditor's joint petition against the same debtor (spouse 55,002)
--   announced_id an announcement on provisional bounds (of the fifth case)
--   file_debtor  a debtor who may file (55,004, login debtor-55004), file_joint and
--                file_spouse two a creditor may petition against (55,008 and 55,009)
--   provisional_case, provisional_rule  a provisional deadline
--   idem_*       a key court-1 used today, its request, and an expired key of court-1
--   claims_case  the case of many claims (the fifteenth: 400, administrator claims_admin),
--                its table version 1 served: served_claim an admitted entry of it (declared
--                by served_creditor; objector another creditor of the case),
--                filed_objection and opinion_objection (by opinion_objector) objections
--                waiting for the opinion and for the lawsuit, case_cursor its 101st claim,
--                table_rows the whole table submitted again (the rows the court does not
--                decide now, every fifth admitted amount lowered)
--   declared_case, declared_claim, declared_creditor  a declaration not yet reviewed
--   claims_cursor, bank_cursor  the middle of all claims and a page deep in bank-1's 7,500
--   serve_act    an act of joint_case (its version 1 not served yet), liq_classes the
--                classes of SZ-LIQ-ORDER (shenzhen-2021)
-- and the arguments the service computes for filing and acceptance on 2026-12-01
-- (src/api/applications.c, src/api/caselife.c).
CREATE TABLE plan_fixture AS
SELECT c.id AS case_id, c.debtor_id, d.id_number, j.id AS joint_case,
       j.joint_debtor_id AS spouse_id, j.debtor_id AS joint_debtor,
       p.id AS pending_id, p.debtor_id AS pending_debtor, pj.id AS pending_joint,
       t.id AS act_id, ann.id AS announced_id, ann.case_id AS announced_case,
       ann.detail AS announced_detail,
       dl.id AS deadline_id, r.id AS restriction_id, m.id AS admin_id, g.id AS designation_id,
       (SELECT max(seq) - 100 FROM restriction_changes) AS feed_behind,
       (SELECT max(seq) - 100 FROM restriction_checks) AS check_before,
       pd.case_id AS provisional_case, pd.rule_id AS provisional_rule,
       (SELECT id FROM debtors WHERE seq = 55004) AS file_debtor,
       (SELECT id FROM debtors WHERE seq = 55008) AS file_joint,
       (SELECT id FROM debtors WHERE seq = 55009) AS file_spouse,
       'court'::text AS idem_role, 'court-1'::text AS idem_subject, 'key-1436'::text AS idem_key,
       'POST /v1/applications' || chr(10) || '{"n":1436}' AS idem_request,
       'key-40'::text AS idem_expired_key,
       jsonb_build_array(pg_temp.plan_entry('SZ-APP-DECIDE', '002 [Decision acceptance period]',
                                            '2026-12-01', 30)) AS filed_opens,
       jsonb_build_array(pg_temp.plan_entry('SZ-APP-DECIDE', '002 [Decision acceptance period]',
                                            '2026-12-01', 30),
                         pg_temp.plan_entry('SZ-APP-NOTIFY-DEBTOR', '002 [Acceptance review]',
                                            '2026-12-01', 6)) AS petition_opens,
       jsonb_build_array(
           pg_temp.plan_entry('SZ-APP-SERVE-RULING', '002 [Acceptance Ruling]', '2026-12-01', 7),
           pg_temp.plan_entry('SZ-DEBT-PROPERTY-DECL',
                              '002 [Debtor''s property declaration obligation]', '2026-12-01', 15),
           pg_temp.plan_entry('SZ-PROP-EXEMPT-LIST',
                              '002 [Procedure for determining exempt property]', '2026-12-01', 15),
           pg_temp.plan_entry('SZ-ADM-CONTRACTS', '002 [Contract performance]', '2026-12-01', 62))
           AS accepted_opens,
       jsonb_build_array(pg_temp.plan_entry('SZ-MTG-NOTICE', '002 [Notify Creditors]',
                                            '2027-01-20', -15)) AS announced_opens,
       jsonb_build_array(
           jsonb_build_object('kind', 'consumption', 'rule_id', 'SZ-RST-CONSUMPTION',
               'citation', '002 [Limited consumption]; 003',
               'detail', jsonb_build_object('items', jsonb_build_array(
                   'business_or_first_class_flight', 'soft_sleeper_train',
                   'first_class_high_speed_rail', 'second_class_or_above_ship',
                   'three_star_or_above_hotel', 'nightclub', 'golf', 'real_estate_purchase',
                   'motor_vehicle_purchase', 'home_build_extend_renovate',
                   'expensive_private_school', 'high_end_office',
                   'high_premium_insurance_or_wealth_product', 'other_unnecessary_consumption'))),
           jsonb_build_object('kind', 'posts', 'rule_id', 'SZ-RST-POSTS',
               'citation', '002 [Prohibition of Practice]; 003',
               'detail', jsonb_build_object(
                   'posts', jsonb_build_array('director', 'supervisor', 'senior_manager'),
                   'entities', jsonb_build_array('listed_company', 'unlisted_public_company',
                                                 'financial_institution'))),
           jsonb_build_object('kind', 'loan_declaration', 'rule_id', 'SZ-RST-LOAN-DECLARE',
               'citation', '002 [Bankruptcy notification obligation]; 003',
               'detail', jsonb_build_object('min_exclusive_fen', 100000)),
           jsonb_build_object('kind', 'exit', 'rule_id', 'SZ-RST-EXIT',
               'citation', '002 [Debtor Obligations] (7)',
               'detail', jsonb_build_object('requires', 'court_permission')))
           AS accepted_restrictions,
       '{"outcome": "accept", "ruling_date": "2026-12-01", "by": "court-1", "grounds": null,
         "reason": null}'::jsonb AS accept_decision,
       '{"effective_from": "2026-12-01", "rule": "SZ-RST-DECISION"}'::jsonb AS impose_detail,
       '["application", "integrity_commitment", "bankruptcy_explanation", "income_statement",
         "social_security_statement", "tax_record", "property_inventory", "debts_inventory",
         "dependants_info"]'::jsonb AS debtor_materials,
       '["application", "claim_proof"]'::jsonb AS creditor_materials,
       k.claims_case, k.claims_admin, k.served_claim, k.served_creditor, k.objector,
       k.filed_objection, k.opinion_objection, k.opinion_objector, k.case_cursor,
       k.declared_case, k.declared_claim, k.declared_creditor,
       (SELECT max(seq) / 2 FROM claims) AS claims_cursor,
       (SELECT seq FROM claims WHERE creditor_subject = 'bank-1' ORDER BY seq OFFSET 2000 LIMIT 1)
           AS bank_cursor,
       (SELECT id FROM case_acts WHERE case_id = j.id ORDER BY seq LIMIT 1) AS serve_act,
       '["support", "employees", "ordinary"]'::jsonb AS liq_classes,
       k.table_rows
FROM applications c
CROSS JOIN LATERAL (
    SELECT x.id AS claims_case, x.administrator_subject AS claims_admin,
           sc.id AS served_claim, sc.creditor_subject AS served_creditor,
           (SELECT creditor_subject FROM claims WHERE case_id = x.id AND seq > sc.seq
            AND creditor_subject LIKE 'creditor-%' ORDER BY seq LIMIT 1) AS objector,
           (SELECT id FROM claim_objections WHERE case_id = x.id AND status = 'filed'
            ORDER BY seq LIMIT 1) AS filed_objection,
           op.id AS opinion_objection, op.objector_subject AS opinion_objector,
           (SELECT seq FROM claims WHERE case_id = x.id ORDER BY seq OFFSET 100 LIMIT 1)
               AS case_cursor,
           y.id AS declared_case, dc.id AS declared_claim, dc.creditor_subject AS declared_creditor,
           (SELECT jsonb_agg(jsonb_build_object('row', r.n, 'claim_id', r.id,
                'admitted_fen', r.admitted, 'admitted_class', r.claimed_class,
                'secured_fen', least(r.secured_fen, r.admitted),
                'reasons', CASE WHEN r.admitted < r.principal_fen + r.interest_fen
                                THEN 'the interest is not proven' END) ORDER BY r.n)
            FROM (SELECT cl.*, row_number() OVER (ORDER BY cl.seq) AS n,
                         CASE WHEN cl.seq % 5 = 0 THEN cl.admitted_fen * 9 / 10
                              ELSE cl.admitted_fen END AS admitted
                  FROM claims cl WHERE cl.case_id = x.id
                  AND cl.status NOT IN ('withdrawn', 'confirmed', 'in_litigation')) r)
               AS table_rows
    FROM applications x
    JOIN claims sc ON sc.id = (SELECT id FROM claims WHERE case_id = x.id AND status = 'admitted'
                               AND creditor_subject LIKE 'creditor-%' ORDER BY seq LIMIT 1)
    JOIN claim_objections op ON op.id = (SELECT id FROM claim_objections WHERE case_id = x.id
                                         AND status = 'opinion_given' ORDER BY seq LIMIT 1)
    JOIN applications y ON y.seq = 55
    JOIN claims dc ON dc.id = (SELECT id FROM claims WHERE case_id = y.id AND status = 'declared'
                               AND creditor_subject LIKE 'creditor-%' ORDER BY seq LIMIT 1)
    WHERE x.seq = 15) k
JOIN debtors d ON d.id = c.debtor_id AND d.seq = 4
JOIN applications j ON j.debtor_id = (SELECT id FROM debtors WHERE seq = 20) AND j.status = 'accepted'
JOIN applications p ON p.debtor_id = (SELECT id FROM debtors WHERE seq = 55001)
    AND p.status = 'pending' AND p.applicant_role = 'debtor'
JOIN applications pj ON pj.debtor_id = p.debtor_id AND pj.status = 'pending'
    AND pj.applicant_role = 'creditor'
JOIN case_acts t ON t.case_id = c.id
JOIN case_acts ann ON ann.case_id = (SELECT id FROM applications WHERE seq = 5)
    AND ann.kind = 'announced'
JOIN deadlines dl ON dl.case_id = c.id AND dl.rule_id = 'SZ-RULE-A'
JOIN deadlines pd ON pd.seq = (SELECT min(seq) FROM deadlines WHERE provisional)
JOIN restrictions r ON r.case_id = c.id AND r.kind = 'consumption'
JOIN administrators m ON m.subject = 'adm-5'
JOIN designations g ON g.case_id = c.id AND g.ended_on IS NULL
WHERE c.status = 'accepted';

-- Creditors' meetings: one first meeting in every case with claims (10,000), with two items
-- (a general resolution open for voting, an exempt-property list closed), the open item's
-- membership frozen from the case's declared claims, one ballot and an online attendance per
-- member. meeting_fixture names the meeting of claims_case (400 claims), its items, one of
-- its members and its administrator (test_plans.c).
INSERT INTO meetings (case_id, number, kind, called_by, meeting_date, place, state, notice_on,
                      notice_due, created_by_role, created_by_subject)
SELECT a.id, 1, 'first', 'announcement', a.accepted_on + 50, 'Court room 3', 'open',
       a.accepted_on + 20, a.accepted_on + 35, 'administrator',
       coalesce(a.administrator_subject, 'adm-1')
FROM applications a WHERE a.id IN (SELECT DISTINCT case_id FROM claims);
INSERT INTO meeting_items (meeting_id, number, kind, text, rule_id, state, opened_at)
SELECT m.id, n, CASE n WHEN 1 THEN 'general' ELSE 'exempt_property_list' END, 'Item ' || n,
       'SZ-MTG-RESOLUTION', CASE n WHEN 1 THEN 'open' ELSE 'closed' END, now()
FROM meetings m CROSS JOIN generate_series(1, 2) n;
INSERT INTO meeting_item_members (item_id, member, grp, claim_ids, amount_fen, secured, votes)
SELECT i.id, c.creditor_subject, 'general', array_agg(c.id),
       sum(coalesce(c.confirmed_fen, c.admitted_fen, 0)), false, true
FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
JOIN claims c ON c.case_id = m.case_id AND c.creditor_subject IS NOT NULL
WHERE i.number = 1 GROUP BY i.id, c.creditor_subject;
INSERT INTO ballots (seq, item_id, member, choice, channel, cast_by_role, cast_by_subject,
                     cast_time, digest)
SELECT nextval('ballots_seq'), item_id, member,
       CASE WHEN abs(hashtext(member)) % 3 = 0 THEN 'against' ELSE 'for' END, 'online',
       'creditor', member, '2026-12-01T10:00:00.000000Z', md5(member) || md5(item_id::text)
FROM meeting_item_members;
UPDATE meeting_item_members m SET choice = b.choice, ballot_seq = b.seq
FROM ballots b WHERE b.item_id = m.item_id AND b.member = m.member;
INSERT INTO meeting_attendance (meeting_id, member, mode, recorded_by_role, recorded_by_subject)
SELECT DISTINCT i.meeting_id, mm.member, 'online', 'creditor', mm.member
FROM meeting_item_members mm JOIN meeting_items i ON i.id = mm.item_id;
CREATE TABLE meeting_fixture AS
SELECT m.id AS mtg_id, m.case_id AS mtg_case, i.id AS mtg_item, c.id AS mtg_closed_item,
       (SELECT member FROM meeting_item_members WHERE item_id = i.id ORDER BY member LIMIT 1)
           AS mtg_member,
       a.administrator_subject AS mtg_admin,
       (SELECT id FROM case_acts WHERE case_id = m.case_id ORDER BY seq LIMIT 1) AS mtg_act
FROM plan_fixture f JOIN meetings m ON m.case_id = f.claims_case
JOIN meeting_items i ON i.meeting_id = m.id AND i.number = 1
JOIN meeting_items c ON c.meeting_id = m.id AND c.number = 2
JOIN applications a ON a.id = m.case_id;

-- disclosure (issue 14): the application node's entry of every accepted case (the trigger on
-- case_acts writes them in service; the seeded acts are not of the table), its change in the
-- credit feed, a public query of every tenth debtor, a restoration open in every tenth case.
INSERT INTO disclosure_entries (case_id, debtor_id, node, disclosed_on, fields)
SELECT a.id, a.debtor_id, 'application', a.accepted_on,
       jsonb_build_object('case_number', a.case_number, 'procedure', a.procedure,
                          'accepted_on', a.accepted_on)
FROM applications a WHERE a.status = 'accepted';
INSERT INTO disclosure_changes (seq, entry_id, case_id, debtor_id, change, payload)
SELECT nextval('disclosure_change_seq'), e.id, e.case_id, e.debtor_id, 'disclosed',
       jsonb_build_object('entry', jsonb_build_object('id', e.id, 'node', e.node))
FROM disclosure_entries e;
INSERT INTO disclosure_queries (client, request_id, name, id_number_masked, debtor_id, answer)
SELECT '10.0.0.' || d.seq % 250, 'req-' || d.seq, d.name, mask_id_number(d.id_number), d.id,
       'disclosed'
FROM debtors d WHERE d.seq % 10 = 0;
INSERT INTO disclosure_requests (kind, rule_id, case_id, debtor_id, filed_by_role,
                                 filed_by_subject, filed_on, reasons, status, steps)
SELECT 'restoration', 'SZ-INF-RESTORED', a.id, a.debtor_id, 'debtor', 'debtor-x', '2026-12-01',
       'the inspection period ended', 'under_review',
       '[{"step":"application","state":"done"},{"step":"review","state":"current"}]'
FROM applications a WHERE a.status = 'accepted' AND a.seq % 10 = 5;
-- a corrected entry in every twentieth case keeps its earlier version
INSERT INTO disclosure_entry_versions (entry_id, version, fields)
SELECT e.id, 1, e.fields FROM disclosure_entries e JOIN applications a ON a.id = e.case_id
WHERE a.seq % 20 = 0;
CREATE TABLE disclosure_fixture AS
SELECT e.id AS dis_entry, e.case_id AS dis_case, e.debtor_id AS dis_debtor,
       d.id_number AS dis_number, d.name AS dis_name, d.subject AS dis_subject,
       (SELECT q.id FROM disclosure_requests q WHERE q.case_id = e.case_id) AS dis_request,
       (SELECT max(seq) - 100 FROM disclosure_changes) AS dis_feed_behind,
       (SELECT max(seq) - 100 FROM disclosure_queries) AS dis_query_before
FROM disclosure_entries e JOIN debtors d ON d.id = e.debtor_id
JOIN applications a ON a.id = e.case_id
WHERE a.seq % 10 = 5 AND d.subject IS NOT NULL ORDER BY a.seq LIMIT 1;
-- ---- liquidation (issue 13) ----
-- Every case with claims has a property declaration and an exempt list; their estate has a
-- realization, an expense and one collateral realization; one approved distribution plan
-- with a line per claim (a third of them paid); every tenth case with claims a breach.
-- liq_fixture names claims_case's plan, a line, a claim and a creditor (test_plans.c).
SET session_replication_role = replica;
INSERT INTO property_declarations (case_id, version, declared_on, items, changes, lookback,
                                   total_fen, act_id, by_role, by_subject)
SELECT a.id, 1, a.accepted_on + 10, '[]', '[]', '[]', 100000, gen_random_uuid(), 'debtor',
       'debtor-' || a.id
FROM applications a WHERE a.id IN (SELECT DISTINCT case_id FROM claims);
INSERT INTO exempt_lists (case_id, version, filed_on, items, counted_fen, excluded_fen, cap_fen,
                          act_id, by_role, by_subject)
SELECT case_id, 1, declared_on, '[]', 100, 0, 20000000, gen_random_uuid(), 'debtor', by_subject
FROM property_declarations;
INSERT INTO estate_entries (case_id, kind, on_date, description, amount_fen, claim_id, detail,
                            by_subject)
SELECT d.case_id, k.kind, d.declared_on + 30, 'entry', 100000,
       CASE WHEN k.kind = 'collateral_realization' THEN
           (SELECT id FROM claims c WHERE c.case_id = d.case_id ORDER BY seq LIMIT 1) END,
       '{}', 'adm-1'
FROM property_declarations d
CROSS JOIN (VALUES ('realization'), ('expense'), ('collateral_realization')) k(kind);
INSERT INTO distribution_plans (case_id, number, kind, state, proposed_on, pool_fen, method,
                                content, approval, approved_on, by_subject)
SELECT case_id, 1, 'interim', 'approved', declared_on + 60, 100000, 'bank transfer', '{}', '{}',
       declared_on + 70, 'adm-1'
FROM property_declarations;
INSERT INTO distribution_shares (plan_id, line_id, line_kind, creditor_subject, creditor_name,
                                 class, basis_fen, paid_fen, reserved_fen, rule_id, paid_on)
SELECT p.id, c.id, 'claim', c.creditor_subject, c.creditor_name, 'ordinary', 1000, 10, 0,
       'SZ-LIQ-ORDER', CASE WHEN c.seq % 3 = 0 THEN p.approved_on END
FROM distribution_plans p JOIN claims c ON c.case_id = p.case_id;
INSERT INTO inspection_breaches (case_id, restriction, observed_on, description, by_role,
                                 by_subject)
SELECT case_id, 'consumption', declared_on + 100, 'a business-class ticket', 'agency', 'airline-1'
FROM property_declarations WHERE hashtext(case_id::text) % 10 = 0;
RESET session_replication_role;
CREATE TABLE liq_fixture AS
SELECT p.id AS liq_plan, p.case_id AS liq_case, s.line_id AS liq_line,
       s.creditor_subject AS liq_member, l.id AS liq_list,
       (SELECT id FROM case_acts WHERE case_id = p.case_id ORDER BY seq LIMIT 1) AS liq_act
FROM plan_fixture f JOIN distribution_plans p ON p.case_id = f.claims_case
JOIN LATERAL (SELECT line_id, creditor_subject FROM distribution_shares
              WHERE plan_id = p.id AND creditor_subject IS NOT NULL
              ORDER BY line_id LIMIT 1) s ON true
JOIN exempt_lists l ON l.case_id = p.case_id;
-- --- plans (issue 12): a reorganization plan in every case with a meeting (10,000), its
-- first version, voted on at the meeting's first item; the schedule of each (three payments
-- to each of the first four creditors of its case) and a reported payment of each
-- scheduled creditor. plans_fixture names the plan of claims_case, one of its creditors, a
-- payment, and an accepted case without a plan.
INSERT INTO plans (case_id, kind, state, frozen_version, started_on, vote_item_id, execution_end,
                   created_by_role, created_by_subject)
SELECT m.case_id, 'reorganization', 'executing', 1, a.accepted_on, i.id, a.accepted_on + 1000,
       'debtor', 'debtor-seed'
FROM meetings m JOIN meeting_items i ON i.meeting_id = m.id AND i.number = 1
JOIN applications a ON a.id = m.case_id;
INSERT INTO plan_versions (plan_id, version, content, created_by_role, created_by_subject)
SELECT id, 1, '{"classes":[]}', 'debtor', 'debtor-seed' FROM plans;
INSERT INTO plan_schedule (plan_id, n, due, creditor, class, amount_fen)
SELECT p.id, row_number() OVER (PARTITION BY p.id ORDER BY c.s, k), p.started_on + 90 * k, c.s,
       'ordinary', 10000
FROM plans p
CROSS JOIN LATERAL (SELECT DISTINCT creditor_subject AS s FROM claims
                    WHERE case_id = p.case_id AND creditor_subject IS NOT NULL
                    ORDER BY 1 LIMIT 4) c
CROSS JOIN generate_series(1, 3) k;
INSERT INTO plan_payments (plan_id, creditor, paid_on, amount_fen, evidence, reported_by_role,
                           reported_by_subject)
SELECT plan_id, creditor, due, amount_fen, '[]', 'debtor', 'debtor-seed'
FROM plan_schedule WHERE n % 3 = 1;
CREATE TABLE plans_fixture AS
SELECT p.id AS pl_id, p.case_id AS pl_case, p.vote_item_id AS pl_item,
       (SELECT creditor FROM plan_schedule WHERE plan_id = p.id ORDER BY n LIMIT 1) AS pl_member,
       (SELECT id FROM plan_payments WHERE plan_id = p.id ORDER BY seq LIMIT 1) AS pl_payment,
       (SELECT a.id FROM applications a WHERE a.status = 'accepted'
        AND NOT EXISTS (SELECT 1 FROM plans q WHERE q.case_id = a.id) ORDER BY a.seq LIMIT 1)
           AS pl_free_case
FROM plan_fixture f JOIN plans p ON p.case_id = f.claims_case;
