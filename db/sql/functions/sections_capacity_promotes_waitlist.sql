CREATE OR REPLACE FUNCTION sections_capacity_promotes_waitlist()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', 'capacity', true);
  PERFORM waitlist_promote(NEW.id);
  RETURN NULL;
END
$$;
