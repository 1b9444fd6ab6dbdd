-- At commit: a section linked, unlinked or given another component leaves every student holding it or the
-- sections it links to with complete sets (a lab added to a lecture that has students and no labs is refused).
CREATE OR REPLACE FUNCTION sections_complete_sets()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  holder record;
BEGIN
  FOR holder IN
    SELECT DISTINCT e.student_id FROM enrollments e
     WHERE e.section_id IN (NEW.id, NEW.linked_section_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.linked_section_id END)
       AND enrollment_holds_seat(e.completion_status)
     ORDER BY e.student_id
  LOOP
    PERFORM rule_incomplete_set(holder.student_id, NEW.course_id, NEW.term_id);
  END LOOP;
  RETURN NULL;
END
$$;
