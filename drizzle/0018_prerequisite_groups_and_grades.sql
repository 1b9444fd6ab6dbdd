-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
-- The points of a letter grade on the 4.0 scale (A+ counts 4.3, so it ranks above A); NULL for P and S, which pass
-- without a letter, and for anything else. Grades are compared by these points (grade_satisfies_minimum).
CREATE OR REPLACE FUNCTION grade_points(p_grade text)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_grade
    WHEN 'A+' THEN 4.3 WHEN 'A' THEN 4.0 WHEN 'A-' THEN 3.7
    WHEN 'B+' THEN 3.3 WHEN 'B' THEN 3.0 WHEN 'B-' THEN 2.7
    WHEN 'C+' THEN 2.3 WHEN 'C' THEN 2.0 WHEN 'C-' THEN 1.7
    WHEN 'D+' THEN 1.3 WHEN 'D' THEN 1.0 WHEN 'D-' THEN 0.7
    WHEN 'F' THEN 0.0
  END
$$;
--> statement-breakpoint
-- Whether a grade meets a prerequisite's minimum (docs/decisions/0023). F never does. Without a minimum any passing
-- grade does: a letter, P or S, or none at all (a completion recorded without a grade, as in stage two). A minimum
-- needs a letter at least that good: P, S and a missing grade say nothing about the letter.
CREATE OR REPLACE FUNCTION grade_satisfies_minimum(p_grade text, p_min_grade text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_grade = 'F' THEN false
    WHEN p_min_grade IS NULL THEN true
    ELSE coalesce(grade_points(p_grade) >= grade_points(p_min_grade), false)
  END
$$;
--> statement-breakpoint
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
--> statement-breakpoint
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
--> statement-breakpoint
-- Whether final grades can be recorded for a term's sections now, by the database's clock: once its classes have
-- ended (classes_end_on, a campus date), or, for a term without class dates, once its withdrawal deadline passed.
CREATE OR REPLACE FUNCTION term_grading_open(p_term_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(current_date >= t.classes_end_on, now() >= t.withdraw_deadline)
    FROM terms t WHERE t.id = p_term_id
$$;
