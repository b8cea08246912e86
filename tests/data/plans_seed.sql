-- plans_seed.sql: the volume the plan test (tests/integration/test_plans.c) explains its
-- statements against: 50,000 accepted cases and what hangs from them, with the proportions
-- of a working department, so that the planner chooses as it would in production. Built
-- with generate_series and modulo arithmetic (no random()), so every run has the same shape.
-- Identity numbers skip the check character (the database does not validate it).
--
--   debtors        55,000 (every second one with a login) + 5,000 spouses of joint cases
--   applications   50,000 accepted (5,000 joint; 30% creditors' petitions, a third of
--                  them by two banks with 2,500 each), 3,000
--                  withdrawn, 2,000 not accepted, 1,000 pending (filed again)
--   administrators 200 (10 suspended); one designation per case, 5,000 ended ones before
--   one act a case, 1.1 deadlines a case (some waiting for a calendar year), 1.2
--   restrictions a case (and as many for the spouse of a joint case) with their feed
--   changes, 3,000 consents, 40,000 status checks, 1.1 audit rows a case.
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
                          co_applicants, procedure, status, received_on, case_number,
                          accepted_on, decided_on, administrator_id, administrator_subject, doc)
SELECT d.id, j.id, CASE WHEN d.seq % 10 < 3 THEN 'creditor' ELSE 'debtor' END,
       CASE WHEN d.seq % 10 = 0 THEN 'bank-' || d.seq / 10 % 2
            WHEN d.seq % 10 < 3 THEN 'creditor-' || d.seq % 2000 ELSE 'debtor-' || d.seq END,
       CASE WHEN d.seq % 50 = 1 THEN jsonb_build_array('creditor-' || (d.seq + 1) % 2000)
            ELSE '[]' END,
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

INSERT INTO deadlines (case_id, rule_id, citation, trigger_act_id, trigger_kind, trigger_date,
                       due, trace, status, met_on)
SELECT c.case_id, 'SZ-RULE-' || r.rule, 'citation', c.id, c.kind, c.on_date,
       CASE WHEN c.seq % 200 = 0 THEN NULL ELSE c.on_date + 30 END, '[]',
       CASE WHEN c.seq % 200 = 0 OR c.seq % 3 = 0 THEN 'pending'
            WHEN c.seq % 3 = 1 THEN 'met' ELSE 'waived' END,
       CASE WHEN c.seq % 200 <> 0 AND c.seq % 3 = 1 THEN c.on_date + 20 END
FROM case_acts c CROSS JOIN (VALUES ('A'), ('B')) AS r(rule)
WHERE c.seq % 10 = 0 OR r.rule = 'A';

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

INSERT INTO case_numbers (year, last) VALUES (2025, 50000), (2026, 50000);
RESET session_replication_role;

-- The rows the plan test takes its parameters from (one row; see test_plans.c).
--   case_id      a debtor's own petition: debtor 4 (login debtor-4), administrator adm-5
--   joint_case   a bank's petition (bank-0) on debtor 20 and spouse 50,002 (login
--                debtor-50002), administrator adm-21; neither created by a creditor
--   pending_id   an application waiting for the court (debtor 55,001)
CREATE TABLE plan_fixture AS
SELECT c.id AS case_id, c.debtor_id, d.id_number, j.id AS joint_case,
       j.joint_debtor_id AS spouse_id, j.debtor_id AS joint_debtor,
       p.id AS pending_id, p.debtor_id AS pending_debtor, t.id AS act_id,
       dl.id AS deadline_id, r.id AS restriction_id, m.id AS admin_id, g.id AS designation_id,
       (SELECT max(seq) - 100 FROM restriction_changes) AS feed_behind,
       (SELECT max(seq) - 100 FROM restriction_checks) AS check_before
FROM applications c
JOIN debtors d ON d.id = c.debtor_id AND d.seq = 4
JOIN applications j ON j.debtor_id = (SELECT id FROM debtors WHERE seq = 20) AND j.status = 'accepted'
JOIN applications p ON p.debtor_id = (SELECT id FROM debtors WHERE seq = 55001) AND p.status = 'pending'
JOIN case_acts t ON t.case_id = c.id
JOIN deadlines dl ON dl.case_id = c.id AND dl.rule_id = 'SZ-RULE-A'
JOIN restrictions r ON r.case_id = c.id AND r.kind = 'consumption'
JOIN administrators m ON m.subject = 'adm-5'
JOIN designations g ON g.case_id = c.id AND g.ended_on IS NULL
WHERE c.status = 'accepted';
