-- BEFORE a reservation is written: `released` is derived from released_at by the database clock (a release due now
-- is applied by this very statement; one due later by section_reservations_release_due), and a reservation stays
-- with its section.
CREATE OR REPLACE FUNCTION section_reservations_derive()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.section_id <> OLD.section_id THEN
    RAISE EXCEPTION 'a reservation stays with its section'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'section_reservations_section_fixed',
            HINT = 'Delete the reservation and add one to the other section.';
  END IF;
  NEW.released := NEW.released_at <= now();
  RETURN NEW;
END
$$;
