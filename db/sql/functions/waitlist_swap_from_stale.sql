CREATE OR REPLACE FUNCTION waitlist_swap_from_stale(p_student_id integer, p_swap_from integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT p_swap_from IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM enrollments e
     WHERE e.student_id = p_student_id AND e.section_id = p_swap_from AND e.completion_status = 'enrolled')
$$;
