CREATE OR REPLACE FUNCTION courses_guard_credits()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM sections WHERE course_id = NEW.id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM student_seats WHERE course_id = NEW.id) THEN
    RAISE EXCEPTION 'course % has seats held: its credits cannot change', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_credits_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
