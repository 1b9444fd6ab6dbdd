-- credit_limit: the seat may not take the student past their maximum for the term (credits let past it by an
-- override do not count). A section's credits are its own, else its course's (a 0-credit lab beside a 3-credit
-- lecture). Locks the student's term row, which student_term_credits_within_max guards; returns the section's
-- credits for the seat's derived rows.
CREATE OR REPLACE FUNCTION rule_credit_limit(p_student_id integer, p_section_id integer, p_course_id integer,
                                             p_term_id integer, p_exempt boolean)
 RETURNS numeric
 LANGUAGE plpgsql
AS $$
DECLARE
  course_credits numeric;
  load record;
  counted numeric;
BEGIN
  SELECT coalesce(s.credits, c.credits) INTO course_credits
    FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = p_section_id;
  SELECT * INTO load FROM student_term_credits WHERE student_id = p_student_id AND term_id = p_term_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO student_term_credits (student_id, term_id) VALUES (p_student_id, p_term_id) ON CONFLICT DO NOTHING;
    SELECT * INTO load FROM student_term_credits WHERE student_id = p_student_id AND term_id = p_term_id FOR UPDATE;
  END IF;
  counted := load.credits - load.exempt_credits + CASE WHEN p_exempt THEN 0 ELSE course_credits END;
  IF counted > load.max_credits THEN
    RAISE EXCEPTION 'section % would take student % to % credits (maximum %)', p_section_id, p_student_id, counted, load.max_credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'student_term_credits_within_max',
            DETAIL = jsonb_build_object('rule', 'credit_limit', 'sectionId', p_section_id, 'credits', counted,
                                        'maxCredits', load.max_credits, 'currentCredits', load.credits - load.exempt_credits,
                                        'sectionCredits', course_credits)::text;
  END IF;
  RETURN course_credits;
END
$$;
