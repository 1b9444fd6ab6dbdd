CREATE OR REPLACE FUNCTION enrollments_lock_section_first()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  target_section integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
  old_holds boolean := TG_OP <> 'INSERT' AND enrollment_holds_seat(OLD.completion_status);
  new_holds boolean := TG_OP <> 'DELETE' AND enrollment_holds_seat(NEW.completion_status);
  gains boolean;
BEGIN
  gains := new_holds AND (NOT old_holds OR NEW.section_id <> OLD.section_id);
  IF NOT gains AND NOT (old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id)) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  PERFORM 1 FROM sections s
   WHERE s.id = target_section AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0)
     FOR NO KEY UPDATE;
  IF FOUND AND gains AND coalesce(current_setting('curriculab.waitlist_mode', true), '') = ''
     AND EXISTS (SELECT 1 FROM waitlist_entries w
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM enrollments e
                      WHERE e.student_id = NEW.student_id AND e.section_id = NEW.section_id
                        AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'section % has students waiting for its seats', NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_first_in_line',
            HINT = 'Join the waitlist; a freed seat goes to the first eligible student waiting.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
