-- sections.reserved_open is derived from the section's reservations and the members holding their seats.
CREATE OR REPLACE FUNCTION sections_guard_reserved_open()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.reserved_open <> 0)
     OR (TG_OP = 'UPDATE' AND NEW.reserved_open IS DISTINCT FROM OLD.reserved_open AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'sections.reserved_open is derived from section_reservations and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_reserved_open_derived',
            HINT = 'Insert, update or delete section_reservations or enrollments instead; the triggers keep it.';
  END IF;
  RETURN NEW;
END
$$;
