-- disclosure_value: the value of one source of the disclosure table (migration 0020) for an
-- entry of a case reached by an act (p_act; NULL for the department's record of conduct,
-- whose values come in p_conduct). An unknown source is NULL: the table can only name what
-- this vocabulary reads, so a node never discloses a column it was not meant to (the
-- debtor's spouse and dependants are no source).
CREATE OR REPLACE FUNCTION disclosure_value(p_source text, p_case uuid, p_act case_acts,
                                            p_conduct jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_part text[] := string_to_array(p_source, '.');
BEGIN
    CASE
    WHEN p_source = 'case.case_number' THEN
        RETURN (SELECT to_jsonb(a.case_number) FROM applications a WHERE a.id = p_case);
    WHEN p_source = 'case.procedure' THEN
        RETURN (SELECT to_jsonb(a.procedure) FROM applications a WHERE a.id = p_case);
    WHEN p_source = 'case.accepted_on' THEN
        RETURN (SELECT to_jsonb(a.accepted_on) FROM applications a WHERE a.id = p_case);
    WHEN p_source = 'act.on_date' THEN
        RETURN to_jsonb(p_act.on_date);
    WHEN p_source = 'act.kind' THEN
        RETURN to_jsonb(p_act.kind);
    WHEN v_part[1] = 'act' AND v_part[2] = 'detail' THEN
        RETURN p_act.detail -> v_part[3];
    WHEN p_source = 'claims.confirmed_count' THEN
        RETURN (SELECT to_jsonb(count(*)) FROM claims m
                WHERE m.case_id = p_case AND m.status = 'confirmed');
    WHEN p_source = 'claims.confirmed_total' THEN
        RETURN (SELECT to_jsonb(money_text(coalesce(sum(m.confirmed_fen), 0)::bigint))
                FROM claims m WHERE m.case_id = p_case AND m.status = 'confirmed');
    WHEN v_part[1] = 'deadline' AND v_part[array_length(v_part, 1)] = 'due' THEN
        RETURN (SELECT to_jsonb(d.due) FROM deadlines d
                WHERE d.case_id = p_case
                  AND d.rule_id = array_to_string(v_part[2:array_length(v_part, 1) - 1], '.'));
    WHEN v_part[1] = 'conduct' THEN
        RETURN p_conduct -> v_part[2];
    ELSE
        RETURN NULL;
    END CASE;
END $$;
