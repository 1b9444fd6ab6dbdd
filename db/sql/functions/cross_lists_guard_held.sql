-- cross_lists.held is derived from the member sections' seats, like sections.enrolled_count.
CREATE OR REPLACE FUNCTION cross_lists_guard_held()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.held <> 0)
     OR (TG_OP = 'UPDATE' AND NEW.held IS DISTINCT FROM OLD.held AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'cross_lists.held is derived from the member sections'' seats and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'cross_lists_held_derived',
            HINT = 'Insert, update or delete enrollments instead; the triggers keep the count.';
  END IF;
  RETURN NEW;
END
$$;
