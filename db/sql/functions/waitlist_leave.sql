CREATE OR REPLACE FUNCTION waitlist_leave(p_section_id integer, p_student_id integer)
 RETURNS boolean
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  DELETE FROM waitlist_entries w WHERE w.section_id = p_section_id AND w.student_id = p_student_id;
  RETURN FOUND;
END
$$;
