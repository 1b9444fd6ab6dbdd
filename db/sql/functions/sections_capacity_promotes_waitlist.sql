CREATE OR REPLACE FUNCTION sections_capacity_promotes_waitlist()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', 'capacity', true);
  PERFORM set_config('curriculab.capacity_change', OLD.capacity || ':' || NEW.capacity, true);
  PERFORM waitlist_promote(NEW.id);
  PERFORM set_config('curriculab.capacity_change', '', true);
  RETURN NULL;
END
$$;
