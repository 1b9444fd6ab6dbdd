-- At commit: the sets of the student whose seat changed are complete (rule_incomplete_set). Deferred, so that a
-- set enrolled, dropped or swapped one row at a time is judged as the transaction leaves it.
CREATE OR REPLACE FUNCTION enrollments_complete_set()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
BEGIN
  IF TG_OP <> 'INSERT' AND section_in_set(OLD.section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = OLD.section_id;
    IF FOUND THEN
      PERFORM rule_incomplete_set(OLD.student_id, sec.course_id, sec.term_id);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND section_in_set(NEW.section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id;
    PERFORM rule_incomplete_set(NEW.student_id, sec.course_id, sec.term_id);
  END IF;
  RETURN NULL;
END
$$;
