CREATE OR REPLACE FUNCTION waitlist_entries_record_event()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position, from_section_id)
    VALUES (NEW.student_id, NEW.section_id, 'waitlisted', curriculab_actor(), NEW.position, NEW.swap_from_section_id);
  ELSIF NOT EXISTS (SELECT 1 FROM enrollments e
                     WHERE e.student_id = OLD.student_id AND e.section_id = OLD.section_id
                       AND enrollment_holds_seat(e.completion_status)) THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position)
    VALUES (OLD.student_id, OLD.section_id, 'waitlist_left', curriculab_actor(), OLD.position);
  END IF;
  RETURN NULL;
END
$$;
