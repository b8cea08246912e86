-- mask_id_number: an identity number for roles that may not see it whole: the region (first
-- six) and the last four characters kept. Used by debtor_json.
CREATE OR REPLACE FUNCTION mask_id_number(n text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN n IS NULL THEN NULL
                WHEN length(n) <= 10 THEN repeat('*', length(n))
                ELSE left(n, 6) || repeat('*', length(n) - 10) || right(n, 4) END
$$;
