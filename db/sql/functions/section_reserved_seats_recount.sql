-- sections.reserved_open, recounted under the section's row lock after any change of its reservations: the seats of
-- the reservations not released, less those their members hold. Fewer reserved seats open is a freed seat: the
-- waitlist is promoted in the same transaction (docs/decisions/0025), before any walk-in can see it. SECURITY
-- DEFINER like the count trigger: the app role may not write sections.reserved_open itself.
CREATE OR REPLACE FUNCTION section_reserved_seats_recount(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  before integer;
  after integer;
BEGIN
  SELECT s.reserved_open INTO before FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;  -- the section is being deleted with its reservations
  END IF;
  SELECT coalesce(sum(greatest(section_reservation_open(r.id), 0)), 0)::integer INTO after
    FROM section_reservations r WHERE r.section_id = p_section_id AND NOT r.released;
  IF after = before THEN
    RETURN;
  END IF;
  UPDATE sections SET reserved_open = after WHERE id = p_section_id;
  IF after < before THEN
    PERFORM section_seats_freed(p_section_id, 'reservation');
  END IF;
END
$$;
