-- AFTER a section leaves a cross-list (docs/decisions/0025): the seats it held left the shared count, so they are
-- freed seats of the list, and its remaining members promote their earliest waiting students who fit, in the same
-- transaction. The section itself, no longer under the shared capacity, promotes its own waitlist (or its new list's).
CREATE OR REPLACE FUNCTION sections_leave_cross_list_promotes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  member integer;
BEGIN
  SELECT s.id INTO member FROM sections s WHERE s.cross_list_id = OLD.cross_list_id ORDER BY s.id LIMIT 1;
  IF FOUND THEN
    PERFORM section_seats_freed(member, 'capacity');
  END IF;
  PERFORM section_seats_freed(NEW.id, 'capacity');
  RETURN NULL;
END
$$;
