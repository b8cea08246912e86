-- meeting_ballots.sql (psql -v item=ID): a ballot for every member of an opened item, for
-- and against in turn, as if each had voted online (each counted as the member's).
\set ON_ERROR_STOP on
INSERT INTO ballots (seq, item_id, member, choice, channel, cast_by_role, cast_by_subject,
                     cast_time, digest)
SELECT nextval('ballots_seq'), item_id, member,
       CASE WHEN row_number() OVER (ORDER BY member) % 2 = 0 THEN 'against' ELSE 'for' END,
       'online', 'creditor', member, '2026-02-20T10:00:00.000000Z', md5(member)
FROM meeting_item_members WHERE item_id = :'item';
UPDATE meeting_item_members m SET choice = b.choice, ballot_seq = b.seq
FROM ballots b WHERE b.item_id = m.item_id AND b.member = m.member AND b.item_id = :'item';
ANALYZE ballots;
ANALYZE meeting_item_members;
