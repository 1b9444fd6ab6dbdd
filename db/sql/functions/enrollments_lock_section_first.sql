-- BEFORE the row changes: a seat gained or lost in a section with a waitlist locks the section row first, so a
-- walk-in and a promotion are decided one after the other; a walk-in while an eligible student waits (one with a
-- seat free for them) is refused.
CREATE OR REPLACE FUNCTION enrollments_lock_section_first()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  target_section integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF NOT change.gains AND NOT change.loses THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  PERFORM 1 FROM sections s
   WHERE s.id = target_section AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0)
     FOR NO KEY UPDATE;
  IF FOUND AND change.gains AND coalesce(current_setting('curriculab.waitlist_mode', true), '') = ''
     AND EXISTS (SELECT 1 FROM waitlist_entries w
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL
                    -- Seats reserved for a group no waiting student is in are the group's (docs/decisions/0025).
                    AND section_seats_free_for(NEW.section_id, w.student_id) > 0)
     AND NOT EXISTS (SELECT 1 FROM enrollments e
                      WHERE e.student_id = NEW.student_id AND e.section_id = NEW.section_id
                        AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'section % has students waiting for its seats', NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_first_in_line',
            DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', NEW.section_id,
                                        'section', section_label(NEW.section_id))::text,
            HINT = 'Join the waitlist; a freed seat goes to the first eligible student waiting.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
