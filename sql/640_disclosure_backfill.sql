-- disclosure_backfill: the acts of the disclosure table recorded before it existed (the cases
-- accepted before migration 0020, or an act written while the trigger was off) disclosed as
-- the trigger would have (disclosure_of_act), oldest first; returns the entries written.
-- Run by every migrate, after the definitions above: once everything is disclosed it writes
-- nothing (the acts of the table's kinds against the entries' index on act_id).
CREATE OR REPLACE FUNCTION disclosure_backfill() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_act case_acts;
    v_n integer := 0;
BEGIN
    FOR v_act IN SELECT k.* FROM case_acts k
                 WHERE k.kind IN (SELECT m.act_kind FROM disclosure_node_acts m)
                   AND NOT EXISTS (SELECT 1 FROM disclosure_entries e WHERE e.act_id = k.id)
                 ORDER BY k.on_date, k.seq LOOP
        v_n := v_n + disclosure_of_act(v_act);
    END LOOP;
    RETURN v_n;
END $$;
SELECT disclosure_backfill();
