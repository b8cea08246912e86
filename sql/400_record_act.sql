-- record_act: a legal act of a case, with the deadlines it opens and the pending ones it
-- meets; returns the act (case_act_json). The deadlines are computed by the caller (the
-- rules module, from the catalogue and the court calendar): p_opens is
-- [{rule_id, citation, trigger_date, due, provisional, missing_year, trace}], opened afresh and unmet (an act that
-- opens a deadline again restarts it); p_meets is [rule_id]. An act never opens and meets
-- the same rule. Called by src/db/caselife_sql.c (act_record) and accept_application.
CREATE OR REPLACE FUNCTION record_act(p_case uuid, p_kind text, p_on date, p_event date,
                                      p_detail jsonb, p_role text, p_subject text,
                                      p_opens jsonb, p_meets jsonb) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
    v_act case_acts;
BEGIN
    INSERT INTO case_acts AS c (case_id, kind, on_date, event_date, detail, recorded_by_role,
                                recorded_by_subject)
    VALUES (p_case, p_kind, p_on, p_event, coalesce(p_detail, '{}'), p_role, p_subject)
    RETURNING c.* INTO v_act;
    -- an act that opens nothing or meets nothing (a filing meets nothing) skips the statement
    IF p_opens IS NOT NULL AND p_opens <> '[]' THEN
        INSERT INTO deadlines (case_id, rule_id, citation, trigger_act_id, trigger_kind,
                               trigger_date, due, provisional, missing_year, trace)
        SELECT p_case, d.rule_id, d.citation, v_act.id, p_kind, d.trigger_date, d.due,
               coalesce(d.provisional, false), d.missing_year, d.trace
        FROM jsonb_to_recordset(p_opens) AS
             d(rule_id text, citation text, trigger_date date, due date, provisional boolean,
               missing_year integer, trace jsonb)
        ON CONFLICT (case_id, rule_id) DO UPDATE SET citation = EXCLUDED.citation,
            trigger_act_id = EXCLUDED.trigger_act_id, trigger_kind = EXCLUDED.trigger_kind,
            trigger_date = EXCLUDED.trigger_date, due = EXCLUDED.due,
            provisional = EXCLUDED.provisional, missing_year = EXCLUDED.missing_year,
            trace = EXCLUDED.trace,
            extensions = 0,
            status = CASE WHEN deadlines.status = 'met' THEN 'pending' ELSE deadlines.status END,
            met_on = NULL, met_by_act_id = NULL, updated_at = now();
    END IF;
    IF p_meets IS NOT NULL AND p_meets <> '[]' THEN
        UPDATE deadlines SET status = 'met', met_on = p_on, met_by_act_id = v_act.id,
            updated_at = now()
        WHERE case_id = p_case AND status = 'pending'
          AND rule_id IN (SELECT jsonb_array_elements_text(p_meets));
    END IF;
    RETURN case_act_json(v_act);
END $$;
