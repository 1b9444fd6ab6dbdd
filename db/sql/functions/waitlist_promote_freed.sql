-- A freed seat in a cross-listed section is the whole cross-list's (docs/decisions/0025): its members are promoted in
-- the order of their earliest waiting student, each while both its own capacity and the shared one have room. A
-- section in no cross-list promotes its own waitlist.
CREATE OR REPLACE FUNCTION waitlist_promote_freed(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  list integer;
  member record;
BEGIN
  SELECT s.cross_list_id INTO list FROM sections s WHERE s.id = p_section_id;
  IF list IS NULL THEN
    PERFORM waitlist_promote(p_section_id);
    RETURN;
  END IF;
  FOR member IN
    SELECT s.id FROM sections s
      JOIN LATERAL (SELECT min(w.joined_at) AS first FROM waitlist_entries w WHERE w.section_id = s.id) w ON true
     WHERE s.cross_list_id = list AND w.first IS NOT NULL
     ORDER BY w.first, s.id
  LOOP
    EXIT WHEN cross_list_free_seats(list) <= 0;
    PERFORM waitlist_promote(member.id);
  END LOOP;
END
$$;
