-- A freed seat in a cross-listed section is the whole cross-list's (docs/decisions/0025): the list's waiting students
-- are tried one by one in the order they joined, whichever member they wait for, each while both its own capacity
-- and the shared one have room (so two freed seats go to the two earliest who fit, not to one member's first two).
-- A section in no cross-list promotes its own waitlist.
CREATE OR REPLACE FUNCTION waitlist_promote_freed(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  list integer;
  entry record;
BEGIN
  SELECT s.cross_list_id INTO list FROM sections s WHERE s.id = p_section_id;
  IF list IS NULL THEN
    PERFORM waitlist_promote(p_section_id);
    RETURN;
  END IF;
  FOR entry IN
    SELECT w.id, w.section_id FROM waitlist_entries w JOIN sections s ON s.id = w.section_id
     WHERE s.cross_list_id = list
     ORDER BY w.joined_at, w.id
  LOOP
    EXIT WHEN cross_list_free_seats(list) <= 0;
    PERFORM set_config('curriculab.promote_only', entry.id::text, true);
    PERFORM waitlist_promote(entry.section_id);
  END LOOP;
  PERFORM set_config('curriculab.promote_only', '', true);
END
$$;
