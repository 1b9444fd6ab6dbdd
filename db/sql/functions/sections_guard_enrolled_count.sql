CREATE OR REPLACE FUNCTION sections_guard_enrolled_count()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.enrolled_count <> 0 THEN
    RAISE EXCEPTION 'sections.enrolled_count is derived from enrollments: a new section starts at 0'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_derived',
            HINT = 'Insert enrollments instead; the trigger counts them.';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.enrolled_count IS DISTINCT FROM OLD.enrolled_count AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'sections.enrolled_count is derived from enrollments and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_derived',
            HINT = 'Insert, update or delete enrollments instead; the trigger keeps the count.';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
