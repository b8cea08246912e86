-- seed.sql: realistic volume for the benchmark (psql -v n=100000 -v free=100000): n + free
-- debtors (the free ones for new filings), n accepted cases, four restrictions per case with their
-- "imposed" changes, and a lift for every tenth case. Identity numbers carry their check
-- character: creditors' petitions name the free debtors by name and number.
\set ON_ERROR_STOP on
BEGIN;
-- A resident identity number with its check character (GB 11643), as the API requires of
-- the numbers a creditor's petition names: the base is 17 digits, a region, a birth date
-- (one a thousand numbers) and a sequence.
CREATE FUNCTION pg_temp.id_number(base text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT base || substr('10X98765432', (SELECT sum(substr(base, i, 1)::int *
        (ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])
        FROM generate_series(1, 17) i)::int % 11 + 1, 1)
$$;

INSERT INTO debtors (name, id_number, sez_resident, social_insurance_years, created_by_role,
                     created_by_subject)
SELECT 'Debtor ' || g, pg_temp.id_number('440305' || to_char(date '1950-01-01' + g / 1000,
           'YYYYMMDD') || lpad((g % 1000)::text, 3, '0')), true, 5, 'court', 'bench'
FROM generate_series(1, :n + :free) g;

INSERT INTO applications (debtor_id, applicant_role, applicant_subject, procedure, phase,
                          status, received_on, case_number, accepted_on, decided_on)
SELECT d.id, 'debtor', 'bench-' || d.seq, 'liquidation', 'liquidation', 'accepted', '2026-01-05',
       '(2026) Bench No. ' || d.seq, '2026-01-10', '2026-01-10'
FROM debtors d WHERE d.seq <= :n;

-- Every case has the acts a case accepted through the API has: "filed" on its receipt and
-- "accepted" on its ruling (which discloses it, SZ-INF-DISCLOSE: sql/298), and the decision
-- deadline the first opened and the second met. Without them case_acts starts empty, and
-- each service connection keeps the plan the planner made for the foreign-key check of a
-- filing's deadlines on their act (deadlines.trigger_act_id) on an empty table: a sequential
-- scan of a table the run fills, 0.9 ms of PostgreSQL's 2 ms per filing (measured with
-- pg_stat_statements, track all). A deployment has acts, so a benchmark must too.
INSERT INTO case_acts (case_id, kind, on_date, recorded_by_role, recorded_by_subject)
SELECT id, 'filed', received_on, applicant_role, applicant_subject FROM applications ORDER BY seq;
ANALYZE case_acts;
-- a few acceptances first and ANALYZE, so that the disclosure's own foreign-key checks are
-- planned on filled tables before the bulk, as they would be in a running deployment
INSERT INTO case_acts (case_id, kind, on_date, recorded_by_role, recorded_by_subject)
SELECT id, 'accepted', accepted_on, 'court', 'bench-judge' FROM applications WHERE seq <= 1000;
ANALYZE disclosure_entries;
ANALYZE disclosure_changes;
INSERT INTO case_acts (case_id, kind, on_date, recorded_by_role, recorded_by_subject)
SELECT id, 'accepted', accepted_on, 'court', 'bench-judge' FROM applications WHERE seq > 1000
ORDER BY seq;
INSERT INTO deadlines (case_id, rule_id, citation, trigger_act_id, trigger_kind, trigger_date, due,
                       trace, status, met_by_act_id, met_on)
SELECT f.case_id, 'SZ-APP-DECIDE', '002 [Decision acceptance period]', f.id, 'filed', f.on_date,
       f.on_date + 30, '{}', 'met', a.id, a.on_date
FROM case_acts f JOIN case_acts a ON a.case_id = f.case_id AND a.kind = 'accepted'
WHERE f.kind = 'filed';

INSERT INTO restrictions (case_id, debtor_id, kind, rule_id, citation, detail, effective_from)
SELECT a.id, a.debtor_id, k.kind, k.rule_id, k.citation, '{}', '2026-01-10'
FROM applications a,
     (VALUES ('consumption', 'SZ-RST-CONSUMPTION', '002 [Limited consumption]; 003'),
             ('posts', 'SZ-RST-POSTS', '002 [Prohibition of Practice]; 003'),
             ('loan_declaration', 'SZ-RST-LOAN-DECLARE', '002 [Bankruptcy notification obligation]; 003'),
             ('exit', 'SZ-RST-EXIT', '002 [Debtor Obligations] (7)')) AS k(kind, rule_id, citation);

-- the feed is append-only: each payload carries its own position from the start
INSERT INTO restriction_changes (seq, case_id, debtor_id, change, payload)
SELECT x.seq, x.case_id, x.debtor_id, 'imposed', x.payload || jsonb_build_object('cursor', x.seq::text)
FROM (SELECT nextval('restriction_change_seq') AS seq, r.case_id, r.debtor_id,
             jsonb_build_object('change', 'imposed', 'case_id', r.case_id, 'case_number', a.case_number,
                                'debtor', jsonb_build_object('name', d.name, 'id_number', d.id_number),
                                'restriction', jsonb_build_object('id', r.id, 'kind', r.kind),
                                'rule', jsonb_build_object('id', r.rule_id, 'citation', r.citation),
                                'effective_from', r.effective_from) AS payload
      FROM restrictions r JOIN applications a ON a.id = r.case_id JOIN debtors d ON d.id = r.debtor_id) x;

UPDATE restrictions SET status = 'lifted', effective_to = '2026-06-30', lift_rule_id = 'SZ-LIQ-END-BEFORE'
WHERE case_id IN (SELECT id FROM applications WHERE seq % 10 = 0);
INSERT INTO restriction_changes (seq, case_id, debtor_id, change, payload)
SELECT x.seq, x.case_id, x.debtor_id, 'lifted', x.payload || jsonb_build_object('cursor', x.seq::text)
FROM (SELECT nextval('restriction_change_seq') AS seq, r.case_id, r.debtor_id,
             jsonb_build_object('change', 'lifted', 'case_id', r.case_id,
                                'restriction', jsonb_build_object('id', r.id, 'kind', r.kind),
                                'rule', jsonb_build_object('id', 'SZ-LIQ-END-BEFORE'),
                                'effective_to', r.effective_to) AS payload
      FROM restrictions r WHERE r.status = 'lifted') x;
COMMIT;
ANALYZE;
