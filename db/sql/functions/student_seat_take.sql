-- A seat that met the rules: its derived rows (student_seats, student_meetings, the term's credits), under the
-- constraints that decide what two transactions of one student could otherwise both pass.
CREATE OR REPLACE FUNCTION student_seat_take(p_enrollment_id integer, p_student_id integer, p_section_id integer,
                                             p_course_id integer, p_term_id integer, p_credits numeric,
                                             p_time_exempt boolean, p_credits_exempt boolean)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, component, credits, time_exempt,
                             credits_exempt)
  SELECT p_enrollment_id, p_student_id, p_term_id, p_course_id, p_section_id, s.component, p_credits, p_time_exempt,
         p_credits_exempt
    FROM sections s WHERE s.id = p_section_id;
  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at,
                                starts_on, ends_on, exempt)
  SELECT p_enrollment_id, m.id, p_student_id, p_term_id, p_section_id, m.day, m.starts_at, m.ends_at,
         coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), p_time_exempt
    FROM section_meetings m JOIN terms t ON t.id = p_term_id WHERE m.section_id = p_section_id;
  UPDATE student_term_credits
     SET credits = credits + p_credits,
         exempt_credits = exempt_credits + CASE WHEN p_credits_exempt THEN p_credits ELSE 0 END
   WHERE student_id = p_student_id AND term_id = p_term_id;
END
$$;
