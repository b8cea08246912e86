-- meeting.sql (psql -v members=10000 -v admin=SUB): the meeting scenarios' cases. The
-- second seeded case gets the active administrator `admin`, `members` declared and
-- confirmed claims and a noticed meeting with one pending item (the tally of 10,000
-- members); the third case the same with 20 claims (a creditor polling its vote status).
-- Prints the large item's id, then the small meeting's and item's ids.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO administrators (subject, kind, name, profession, qualification)
VALUES (:'admin', 'individual', 'Bench Chair', 'lawyer', 'BENCH-2');
CREATE TEMP TABLE bench_cases AS
SELECT id, CASE n WHEN 2 THEN :members ELSE 20 END AS members, n
FROM (SELECT id, row_number() OVER (ORDER BY seq) AS n FROM applications
      WHERE status = 'accepted' ORDER BY seq LIMIT 3) x WHERE n >= 2;
UPDATE applications SET administrator_id = (SELECT id FROM administrators WHERE subject = :'admin'),
       administrator_subject = :'admin'
WHERE id IN (SELECT id FROM bench_cases);
INSERT INTO claims (case_id, source, creditor_role, creditor_subject, creditor_name, declared_on,
                    timing, principal_fen, claimed_class, content, status, admitted_fen,
                    admitted_class, confirmed_fen)
SELECT b.id, 'declared', 'creditor', 'bench-voter-' || b.n || '-' || g, 'Voter ' || g,
       '2026-01-20', 'in_period', 100000 + g, 'ordinary', '{}', 'confirmed', 100000 + g,
       'ordinary', 100000 + g
FROM bench_cases b, generate_series(1, b.members) g;
INSERT INTO case_acts (case_id, kind, on_date, detail, recorded_by_role, recorded_by_subject)
SELECT id, 'meeting_notice_sent', '2026-01-25', '{}', 'administrator', :'admin' FROM bench_cases;
INSERT INTO meetings (case_id, number, kind, called_by, meeting_date, place, notice_act_id,
                      notice_on, notice_due, created_by_role, created_by_subject)
SELECT b.id, 1, 'first', 'announcement', '2026-02-20', 'Court room 3',
       (SELECT id FROM case_acts k WHERE k.case_id = b.id AND k.kind = 'meeting_notice_sent'),
       '2026-01-25', '2026-02-05', 'administrator', :'admin'
FROM bench_cases b;
INSERT INTO meeting_items (meeting_id, number, kind, text, rule_id)
SELECT m.id, 1, 'general', 'Sell the estate''s car', 'SZ-MTG-RESOLUTION'
FROM meetings m WHERE m.case_id IN (SELECT id FROM bench_cases);
COMMIT;
\pset tuples_only on
\pset format unaligned
SELECT i.id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
JOIN bench_cases b ON b.id = m.case_id WHERE b.n = 2;
SELECT m.id || ' ' || i.id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
JOIN bench_cases b ON b.id = m.case_id WHERE b.n = 3;
