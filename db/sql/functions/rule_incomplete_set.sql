-- incomplete_set (docs/decisions/0022): links alone make a set, and a set is taken whole (student_set_gap says what
-- is missing). Called at commit by the constraint triggers enrollments_complete_set and sections_complete_sets (the
-- members of a set arrive one row at a time), and by a promotion inside its own subtransaction. Not overridable.
CREATE OR REPLACE FUNCTION rule_incomplete_set(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  gap jsonb := student_set_gap(p_student_id, p_course_id, p_term_id);
BEGIN
  IF gap IS NOT NULL THEN
    RAISE EXCEPTION 'student % holds % without a % section of its set', p_student_id, gap->>'section', gap->>'component'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_complete_set',
            DETAIL = (jsonb_build_object('rule', 'incomplete_set') || gap)::text;
  END IF;
END
$$;
