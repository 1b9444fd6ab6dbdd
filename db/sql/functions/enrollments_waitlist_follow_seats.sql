CREATE OR REPLACE FUNCTION enrollments_waitlist_follow_seats()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF change.gains THEN
    DELETE FROM waitlist_entries WHERE section_id = NEW.section_id AND student_id = NEW.student_id;
  END IF;
  IF change.loses AND coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'probe'
     AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.section_id = OLD.section_id) THEN
    PERFORM waitlist_promote(OLD.section_id);
  END IF;
  RETURN NULL;
END
$$;
