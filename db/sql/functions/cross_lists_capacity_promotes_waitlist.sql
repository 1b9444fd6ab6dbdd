-- A shared capacity raised frees seats in every member: the earliest waiting students of the cross-list get them.
CREATE OR REPLACE FUNCTION cross_lists_capacity_promotes_waitlist()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  member integer;
BEGIN
  SELECT s.id INTO member FROM sections s WHERE s.cross_list_id = NEW.id ORDER BY s.id LIMIT 1;
  IF FOUND THEN
    PERFORM section_seats_freed(member, 'capacity');
  END IF;
  RETURN NULL;
END
$$;
