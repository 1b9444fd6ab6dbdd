-- prerequisite_missing: every group of the course's prerequisites met (prerequisite_groups_missing); the DETAIL
-- names the course and each missing group with its courses and minimum grades.
CREATE OR REPLACE FUNCTION rule_prerequisite_missing(p_student_id integer, p_section_id integer, p_course_id integer,
                                                     p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  missing jsonb := prerequisite_groups_missing(p_student_id, p_course_id, p_term_id);
BEGIN
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'student % has not completed the prerequisites of section %', p_student_id, p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_prerequisites_completed',
            DETAIL = jsonb_build_object('rule', 'prerequisite_missing', 'sectionId', p_section_id,
                                        'course', (SELECT c.subject || ' ' || c.number FROM courses c WHERE c.id = p_course_id),
                                        'missing', missing)::text;
  END IF;
END
$$;
