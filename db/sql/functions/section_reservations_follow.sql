-- AFTER a reservation changes: a release goes through section_reservation_released; any other change recounts the
-- section's open reserved seats (a new reservation larger than the seats left is refused by
-- sections_reserved_seats_within_capacity).
CREATE OR REPLACE FUNCTION section_reservations_follow()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.released AND NOT OLD.released THEN
    PERFORM section_reservation_released(NEW.id, NEW.section_id);
  ELSE
    PERFORM section_reserved_seats_recount(CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END);
  END IF;
  RETURN NULL;
END
$$;
