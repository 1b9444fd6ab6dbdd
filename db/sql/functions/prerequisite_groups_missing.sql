-- The prerequisite groups of a course a student has not met, as JSON for the refusal's DETAIL and the page's advice
-- (one definition for both): the course needs every group; a group is met by any one of its courses, completed in
-- a term whose registration opened before p_term_id's, or on the student's transcript, with a grade that meets the
-- row's minimum. Groups in their order (as the registrar wrote them); NULL when nothing is missing.
CREATE OR REPLACE FUNCTION prerequisite_groups_missing(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  WITH rows AS (
    SELECT p.group_no, p.min_grade, c.id AS course_id, c.subject || ' ' || c.number AS course,
           EXISTS (
             SELECT 1 FROM enrollments e
               JOIN sections ps ON ps.id = e.section_id
               JOIN terms pt ON pt.id = ps.term_id
              WHERE e.student_id = p_student_id AND e.completion_status = 'completed'
                AND ps.course_id = p.prerequisite_course_id
                AND grade_satisfies_minimum(e.grade, p.min_grade)
                AND pt.registration_opens_at < (SELECT t.registration_opens_at FROM terms t WHERE t.id = p_term_id))
           OR EXISTS (
             SELECT 1 FROM transcript_courses tc
              WHERE tc.student_id = p_student_id AND tc.course_id = p.prerequisite_course_id
                AND grade_satisfies_minimum(tc.grade, p.min_grade)) AS met
      FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
     WHERE p.course_id = p_course_id
  ), missing AS (
    SELECT group_no,
           jsonb_agg(jsonb_build_object('courseId', course_id, 'course', course, 'minGrade', min_grade)
                     ORDER BY course) AS courses
      FROM rows
     GROUP BY group_no
    HAVING NOT bool_or(met)
  )
  SELECT jsonb_agg(jsonb_build_object('group', group_no, 'courses', courses) ORDER BY group_no)
    FROM missing
$$;
