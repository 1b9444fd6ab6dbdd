-- A promotion's set, judged inside its subtransaction (a refusal at commit would undo the freeing transaction).
CREATE OR REPLACE FUNCTION waitlist_promote_set_check(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
BEGIN
  IF section_in_set(p_section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = p_section_id;
    PERFORM rule_incomplete_set(p_student_id, sec.course_id, sec.term_id);
  END IF;
END
$$;
