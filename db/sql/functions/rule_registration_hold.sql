-- registration_hold: any hold not lifted blocks adding seats (dropping is always allowed).
CREATE OR REPLACE FUNCTION rule_registration_hold(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  hold record;
BEGIN
  SELECT h.id, h.reason, h.placed_at INTO hold
    FROM registration_holds h WHERE h.student_id = p_student_id AND h.lifted_at IS NULL
   ORDER BY h.placed_at, h.id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'registration hold on student %: %', p_student_id, hold.reason
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_no_active_hold',
            DETAIL = jsonb_build_object('rule', 'registration_hold', 'sectionId', p_section_id, 'holdId', hold.id,
                                        'reason', hold.reason, 'placedAt', hold.placed_at)::text;
  END IF;
END
$$;
