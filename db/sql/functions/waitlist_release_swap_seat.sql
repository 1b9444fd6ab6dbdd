CREATE OR REPLACE FUNCTION waitlist_release_swap_seat(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  before_drop_deadline boolean;
BEGIN
  SELECT term_leave_mode(s.term_id) = 'drop' INTO before_drop_deadline
    FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE NOWAIT;
  PERFORM 1 FROM enrollments e
    WHERE e.student_id = p_student_id AND e.section_id = p_section_id AND e.completion_status = 'enrolled'
    FOR UPDATE OF e NOWAIT;
  IF before_drop_deadline THEN
    DELETE FROM enrollments
     WHERE student_id = p_student_id AND section_id = p_section_id AND completion_status = 'enrolled';
  ELSE
    UPDATE enrollments SET completion_status = 'withdrawn'
     WHERE student_id = p_student_id AND section_id = p_section_id AND completion_status = 'enrolled';
  END IF;
END
$$;
