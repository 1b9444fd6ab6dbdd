-- already_in_course: one seat per component of a course per term (a lecture and its lab are two components, docs/
-- decisions/0022). The unique index student_seats_one_per_course decides the race; this read only names the section.
CREATE OR REPLACE FUNCTION rule_already_in_course(p_student_id integer, p_section_id integer, p_course_id integer,
                                                  p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  SELECT ss.section_id INTO other FROM student_seats ss
   WHERE ss.student_id = p_student_id AND ss.term_id = p_term_id AND ss.course_id = p_course_id
     AND ss.component = (SELECT s.component FROM sections s WHERE s.id = p_section_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'student % already holds % in this course', p_student_id, section_label(other.section_id)
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'student_seats_one_per_course',
            DETAIL = jsonb_build_object('rule', 'already_in_course', 'sectionId', p_section_id,
                                        'heldSectionId', other.section_id, 'heldSection', section_label(other.section_id))::text;
  END IF;
END
$$;
