CREATE OR REPLACE FUNCTION sections_guard_course_term()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.enrolled_count > 0 THEN
    RAISE EXCEPTION 'section % has % seat(s) taken: its course and term cannot change', OLD.id, OLD.enrolled_count
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_course_term_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
