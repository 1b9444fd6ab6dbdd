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
     AND EXISTS (SELECT 1 FROM waitlist_entries w JOIN sections s ON s.id = w.section_id
                  WHERE s.id = OLD.section_id
                     OR s.cross_list_id = (SELECT o.cross_list_id FROM sections o WHERE o.id = OLD.section_id)) THEN
    PERFORM waitlist_promote_freed(OLD.section_id);  -- across the cross-list, if any (docs/decisions/0025)
  END IF;
  RETURN NULL;
END
$$;
