CREATE OR REPLACE FUNCTION enrollments_maintain_enrolled_count()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  change record;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  -- Give the seat back first, so moving within one section never trips the CHECK on the way.
  IF change.loses THEN
    UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = OLD.section_id;
  END IF;
  IF change.gains THEN
    UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = NEW.section_id;
  END IF;
  RETURN NULL;
END
$$;
