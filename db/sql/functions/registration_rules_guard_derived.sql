CREATE OR REPLACE FUNCTION registration_rules_guard_derived()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION '%.% is derived from enrollments and cannot be written directly', TG_TABLE_NAME,
      CASE WHEN TG_TABLE_NAME = 'student_term_credits' THEN 'credits' ELSE '*' END
    USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_derived',
          HINT = 'Insert, update or delete enrollments instead; the triggers keep it.';
END
$$;
