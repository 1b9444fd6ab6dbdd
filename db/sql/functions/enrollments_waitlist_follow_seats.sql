CREATE OR REPLACE FUNCTION enrollments_waitlist_follow_seats()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  old_holds boolean := TG_OP <> 'INSERT' AND enrollment_holds_seat(OLD.completion_status);
  new_holds boolean := TG_OP <> 'DELETE' AND enrollment_holds_seat(NEW.completion_status);
BEGIN
  IF new_holds AND (NOT old_holds OR NEW.section_id <> OLD.section_id) THEN
    DELETE FROM waitlist_entries WHERE section_id = NEW.section_id AND student_id = NEW.student_id;
  END IF;
  IF old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id)
     AND coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'probe'
     AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.section_id = OLD.section_id) THEN
    PERFORM waitlist_promote(OLD.section_id);
  END IF;
  RETURN NULL;
END
$$;
