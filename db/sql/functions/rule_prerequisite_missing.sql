-- prerequisite_missing: every prerequisite course completed in an earlier term (one whose registration opened
-- before this one's).
CREATE OR REPLACE FUNCTION rule_prerequisite_missing(p_student_id integer, p_section_id integer, p_course_id integer,
                                                     p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  missing jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('courseId', c.id, 'course', c.subject || ' ' || c.number) ORDER BY c.subject, c.number)
    INTO missing
    FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
   WHERE p.course_id = p_course_id
     AND NOT EXISTS (
       SELECT 1 FROM enrollments e
         JOIN sections ps ON ps.id = e.section_id
         JOIN terms pt ON pt.id = ps.term_id
        WHERE e.student_id = p_student_id AND e.completion_status = 'completed'
          AND ps.course_id = p.prerequisite_course_id
          AND pt.registration_opens_at < (SELECT t.registration_opens_at FROM terms t WHERE t.id = p_term_id));
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'student % has not completed the prerequisites of section %', p_student_id, p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_prerequisites_completed',
            DETAIL = jsonb_build_object('rule', 'prerequisite_missing', 'sectionId', p_section_id, 'missing', missing)::text;
  END IF;
END
$$;
