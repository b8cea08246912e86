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
       '["application", "claim_proof"]'::jsonb AS creditor_materials
FROM applications c
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
