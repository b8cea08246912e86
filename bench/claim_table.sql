-- claim_table.sql (psql -v rows=10000 -v admin=SUB): the claim-table scenario's case: the
-- first seeded case gets an active administrator `admin` and `rows` declared claims; the
-- table that reviews each of them is written to claim_table.json and, for PostgreSQL's own
-- COPY of the same rows into a bare table, to claim_table.csv (both in the current folder).
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO administrators (subject, kind, name, profession, qualification)
VALUES (:'admin', 'individual', 'Bench Administrator', 'lawyer', 'BENCH-1');
UPDATE applications SET administrator_id = (SELECT id FROM administrators WHERE subject = :'admin'),
       administrator_subject = :'admin'
WHERE id = (SELECT id FROM applications WHERE status = 'accepted' ORDER BY seq LIMIT 1);
INSERT INTO claims (case_id, source, creditor_role, creditor_subject, creditor_name, declared_on,
                    timing, principal_fen, claimed_class, content)
SELECT a.id, 'declared', 'creditor', 'bench-creditor-' || g, 'Creditor ' || g, '2026-01-20',
       'in_period', 100000 + g, 'ordinary', '{}'
FROM applications a, generate_series(1, :rows) g WHERE a.administrator_subject = :'admin';
COMMIT;
CREATE TABLE bench_copy_rows (row_no integer, claim_id uuid, admitted_amount numeric,
                              admitted_class text, reasons text);
\pset tuples_only on
\pset format unaligned
\o claim_table.json
SELECT json_build_object('rows', json_agg(json_build_object(
           'claim_id', c.id, 'admitted_amount', money_text(c.principal_fen - (c.seq % 2) * 100),
           'admitted_class', 'ordinary',
           'reasons', CASE WHEN c.seq % 2 = 1 THEN 'part repaid' END) ORDER BY c.seq))
FROM claims c JOIN applications a ON a.id = c.case_id WHERE a.administrator_subject = :'admin'
  AND c.creditor_subject LIKE 'bench-creditor-%';
\o claim_table.csv
SELECT 'row_no,claim_id,admitted_amount,admitted_class,reasons';
SELECT row_number() OVER (ORDER BY c.seq) || ',' || c.id || ',' ||
       money_text(c.principal_fen - (c.seq % 2) * 100) || ',ordinary,' ||
       CASE WHEN c.seq % 2 = 1 THEN 'part repaid' ELSE '' END
FROM claims c JOIN applications a ON a.id = c.case_id WHERE a.administrator_subject = :'admin'
  AND c.creditor_subject LIKE 'bench-creditor-%'
ORDER BY c.seq;
\o
SELECT id FROM applications WHERE administrator_subject = :'admin';
