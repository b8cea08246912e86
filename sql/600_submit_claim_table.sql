-- submit_claim_table: the administrator's claim table (SZ-CLM-TABLE) in one call, set-based
-- whatever its size. p_rows is [{row, claim_id, admitted_fen, admitted_class, secured_fen,
-- reasons}] (shapes already checked by the caller, src/api/claim_table.c); p_classes the
-- classes of SZ-LIQ-ORDER of the case's profile. Every row is checked against the claims of
-- the case; with p_write and no refused row (or p_atomic false: the rows that pass), a new
-- numbered version is written, each row saying what changed against the version before,
-- the claims whose row was added or changed take the review. Returns {version, written,
-- rows: [{row, claim_id, outcome, change, changed_fields} | {row, claim_id, errors}],
-- removed: [claim_id]}; nothing is written when written is false. NULL while another
-- submission of the case's table is being written.
CREATE OR REPLACE FUNCTION submit_claim_table(p_case uuid, p_rows jsonb, p_classes jsonb,
                                              p_write boolean, p_atomic boolean, p_today date,
                                              p_role text, p_subject text, p_request_id text)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    v_prev claim_tables;
    v_table claim_tables;
    v_bad integer;
    v_good integer;
    v_removed json;
    v_rows json;
BEGIN
    -- one version at a time per case, under a lock of its own (the caller holds the case FOR
    -- SHARE: upgrading that row lock would deadlock two submitters); a check writes nothing
    -- and takes none. Another table being written: NULL, and the caller answers 409.
    IF p_write AND NOT pg_try_advisory_xact_lock(hashtextextended('claim_table:' || p_case::text, 0)) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_prev FROM claim_tables WHERE case_id = p_case ORDER BY version DESC LIMIT 1;
    CREATE TEMP TABLE claim_table_check ON COMMIT DROP AS
    WITH r AS (SELECT * FROM jsonb_to_recordset(p_rows) AS
                   r("row" integer, claim_id uuid, admitted_fen bigint, admitted_class text,
                     secured_fen bigint, reasons text)),
    d AS (SELECT claim_id, count(*) AS n FROM r GROUP BY claim_id)
    SELECT r."row", r.claim_id, r.admitted_fen, r.admitted_class, coalesce(r.secured_fen, 0) AS secured_fen,
           r.reasons,
           CASE WHEN r.admitted_fen = 0 THEN 'rejected'
                WHEN r.admitted_fen < c.principal_fen + c.interest_fen THEN 'partly_admitted'
                ELSE 'admitted' END AS outcome,
           true AS added, '{}'::text[] AS changed_fields, -- set below from the version before
           array_remove(ARRAY[
               CASE WHEN c.id IS NULL THEN jsonb_build_object('field', 'claim_id', 'message',
                   'names no claim of this case') END,
               CASE WHEN d.n > 1 THEN jsonb_build_object('field', 'claim_id', 'message',
                   'is named by more than one row of the table') END,
               CASE WHEN c.status = 'withdrawn' THEN jsonb_build_object('field', 'claim_id', 'message',
                   'the claim was withdrawn') END,
               CASE WHEN c.status IN ('confirmed', 'in_litigation') THEN jsonb_build_object('field', 'claim_id',
                   'message', 'the claim is ' || replace(c.status, '_', ' ') || ': the court decides it now') END,
               CASE WHEN r.admitted_fen > c.principal_fen + c.interest_fen THEN jsonb_build_object(
                   'field', 'admitted_amount', 'message',
                   'exceeds the amount claimed (' || money_text(c.principal_fen + c.interest_fen) || ')') END,
               CASE WHEN NOT p_classes ? r.admitted_class THEN jsonb_build_object('field', 'admitted_class',
                   'message', 'is not a class of SZ-LIQ-ORDER for this case: ' ||
                   (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(p_classes) x)) END,
               CASE WHEN coalesce(r.secured_fen, 0) > r.admitted_fen THEN jsonb_build_object(
                   'field', 'secured_amount', 'message', 'exceeds the admitted amount') END,
               CASE WHEN r.admitted_fen < c.principal_fen + c.interest_fen AND coalesce(r.reasons, '') = ''
                   THEN jsonb_build_object('field', 'reasons', 'message',
                   'a partial admission or a rejection states its reasons') END],
               NULL) AS errors
    FROM r JOIN d ON d.claim_id = r.claim_id
    LEFT JOIN claims c ON c.id = r.claim_id AND c.case_id = p_case;
    -- the statements below join it: plan them on its real size, and never scan it per row
    CREATE INDEX ON claim_table_check (claim_id);
    ANALYZE claim_table_check;
    -- what each row changes against the version before
    UPDATE claim_table_check k SET added = false, changed_fields = array_remove(ARRAY[
               CASE WHEN p.admitted_fen <> k.admitted_fen THEN 'admitted_amount' END,
               CASE WHEN p.admitted_class <> k.admitted_class THEN 'admitted_class' END,
               CASE WHEN p.secured_fen <> k.secured_fen THEN 'secured_amount' END,
               CASE WHEN p.reasons IS DISTINCT FROM k.reasons THEN 'reasons' END], NULL)
    FROM claim_table_rows p WHERE p.table_id = v_prev.id AND p.claim_id = k.claim_id;
    SELECT count(*) FILTER (WHERE cardinality(errors) > 0), count(*) FILTER (WHERE cardinality(errors) = 0)
    INTO v_bad, v_good FROM claim_table_check;
    p_write := p_write AND v_good > 0 AND (v_bad = 0 OR NOT p_atomic);

    IF p_write THEN
        INSERT INTO claim_tables AS t (case_id, version, row_count, submitted_by, submitted_on)
        VALUES (p_case, coalesce(v_prev.version, 0) + 1, v_good, p_subject, p_today)
        RETURNING t.* INTO v_table;
        INSERT INTO claim_table_rows (table_id, row_no, claim_id, outcome, admitted_fen, admitted_class,
                                      secured_fen, reasons, change, changed_fields)
        SELECT v_table.id, k."row", k.claim_id, k.outcome, k.admitted_fen, k.admitted_class,
               k.secured_fen, k.reasons,
               CASE WHEN k.added THEN 'added' WHEN cardinality(k.changed_fields) > 0 THEN 'changed'
                    ELSE 'unchanged' END, k.changed_fields
        FROM claim_table_check k WHERE cardinality(k.errors) = 0;
        -- the claims whose review this version sets (a row added or changed); the timeline
        -- reads the review from the row itself (claim_json)
        UPDATE claims c SET status = CASE WHEN c.status = 'disputed' THEN c.status ELSE k.outcome END,
               admitted_fen = k.admitted_fen, admitted_class = k.admitted_class,
               admitted_secured_fen = k.secured_fen, review_reasons = k.reasons,
               table_version = v_table.version, updated_at = now()
        FROM claim_table_check k
        WHERE cardinality(k.errors) = 0 AND (k.added OR cardinality(k.changed_fields) > 0)
          AND c.id = k.claim_id;
        -- claims the version before reviewed and this one leaves out are under review again
        WITH gone AS (
            UPDATE claims c SET status = 'under_review', table_version = NULL,
                   admitted_fen = NULL, admitted_class = NULL, admitted_secured_fen = NULL,
                   review_reasons = NULL, updated_at = now()
            FROM claim_table_rows p
            LEFT JOIN claim_table_check k ON k.claim_id = p.claim_id AND cardinality(k.errors) = 0
            WHERE p.table_id = v_prev.id AND k.claim_id IS NULL AND c.id = p.claim_id
              AND c.status IN ('admitted', 'partly_admitted', 'rejected')
            RETURNING c.id),
        logged AS (INSERT INTO claim_events (claim_id, status, what, on_date, detail)
                   SELECT id, 'under_review', 'left_out_of_table', p_today,
                          jsonb_build_object('table_version', v_table.version) FROM gone)
        SELECT coalesce(json_agg(id), '[]') INTO v_removed FROM gone;
        PERFORM audit_append(p_role, p_subject, p_request_id, 'claim_table.submit', 'claim_table',
                             v_table.id::text, p_case,
                             jsonb_build_object('version', v_table.version, 'rows', v_good,
                                                'refused_rows', v_bad));
    END IF;

    SELECT coalesce(json_agg(CASE WHEN cardinality(k.errors) > 0
                THEN json_build_object('row', k."row", 'claim_id', k.claim_id, 'errors', to_json(k.errors))
                ELSE json_build_object('row', k."row", 'claim_id', k.claim_id, 'outcome', k.outcome,
                         'change', CASE WHEN k.added THEN 'added'
                                        WHEN cardinality(k.changed_fields) > 0 THEN 'changed'
                                        ELSE 'unchanged' END,
                         'changed_fields', to_json(k.changed_fields)) END ORDER BY k."row"), '[]')
    INTO v_rows FROM claim_table_check k;
    DROP TABLE claim_table_check;
    RETURN json_build_object('case_id', p_case, 'version', v_table.version, 'written', p_write,
                             'refused_rows', v_bad, 'rows', v_rows,
                             'removed', coalesce(v_removed, '[]'::json));
END $$;
