CREATE OR REPLACE FUNCTION enrollments_maintain_enrolled_count()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  old_holds boolean := false;
  new_holds boolean := false;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_holds := enrollment_holds_seat(OLD.completion_status);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_holds := enrollment_holds_seat(NEW.completion_status);
  END IF;

  -- Give the seat back first, so moving within one section never trips the CHECK on the way.
  IF old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id) THEN
    UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = OLD.section_id;
  END IF;
  IF new_holds AND (TG_OP = 'INSERT' OR NOT old_holds OR NEW.section_id <> OLD.section_id) THEN
    UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = NEW.section_id;
  END IF;
  RETURN NULL;
END
$$;
