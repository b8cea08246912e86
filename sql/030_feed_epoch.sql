-- feed_epoch: which database the restriction feed's positions belong to, as 16 hex digits.
-- Positions only mean something in the database that drew them: a restore brings back an
-- older head, and new changes would then reuse positions a unit has already read. The epoch
-- changes with each of the three ways such a database comes to be: a new cluster (its
-- system identifier: a pg_dump restored after initdb), a new timeline (a point-in-time
-- restore or a promoted replica, once its first checkpoint is written) and a new database
-- (restored into a dropped and re-created one: its oid). A streaming replica has its
-- primary's epoch.
CREATE OR REPLACE FUNCTION feed_epoch() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT left(md5((SELECT system_identifier FROM pg_control_system())::text || '/' ||
                    (SELECT timeline_id FROM pg_control_checkpoint())::text || '/' ||
                    (SELECT oid FROM pg_database WHERE datname = current_database())::text), 16)
$$;
