-- money_text: amounts leave the database as exact decimal strings "1234.50" (integer fen in,
-- text out). Without recursion, so that it stays inlinable. Used by application_json.
CREATE OR REPLACE FUNCTION money_text(fen bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fen IS NULL THEN NULL
                ELSE CASE WHEN fen < 0 THEN '-' ELSE '' END || (abs(fen) / 100)::text || '.' ||
                     lpad((abs(fen) % 100)::text, 2, '0') END
$$;
