CREATE OR REPLACE FUNCTION waitlist_probe_rules(p_section_id integer, p_student_id integer, p_swap_from integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  previous_mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
  probe_constraint text;
BEGIN
  BEGIN
    PERFORM set_config('curriculab.waitlist_mode', 'probe', true);
    IF p_swap_from IS NOT NULL THEN
      DELETE FROM enrollments e
       WHERE e.student_id = p_student_id AND e.section_id = p_swap_from AND e.completion_status = 'enrolled';
    END IF;
    INSERT INTO enrollments (student_id, section_id) VALUES (p_student_id, p_section_id)
    ON CONFLICT ON CONSTRAINT enrollments_student_section_key
      DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn';
    -- Raised whether or not the seat was free, so the probe's seat can never survive.
    RAISE EXCEPTION 'probe' USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity';
  EXCEPTION WHEN check_violation OR unique_violation OR exclusion_violation THEN
    GET STACKED DIAGNOSTICS probe_constraint = CONSTRAINT_NAME;
    -- The rules ran before the count trigger: reaching the capacity CHECK means they let the student in.
    IF probe_constraint <> 'sections_enrolled_count_within_capacity' THEN
      RAISE;
    END IF;
  END;
  PERFORM set_config('curriculab.waitlist_mode', previous_mode, true);
END
$$;
