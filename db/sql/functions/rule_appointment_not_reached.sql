-- appointment_not_reached (docs/decisions/0025): before the student's appointment in the section's term, no seat is
-- added; a student without one follows the term's window alone. The clock is the transaction's now(), the one
-- term_registration_window reads: a transaction that started before opens_at never adds a seat, however late it
-- commits.
CREATE OR REPLACE FUNCTION rule_appointment_not_reached(p_student_id integer, p_section_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  opens timestamptz;
BEGIN
  SELECT a.opens_at INTO opens FROM registration_appointments a WHERE a.student_id = p_student_id AND a.term_id = p_term_id;
  IF FOUND AND now() < opens THEN
    RAISE EXCEPTION 'the registration of student % opens at %', p_student_id, opens
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_appointment_reached',
            DETAIL = jsonb_build_object('rule', 'appointment_not_reached', 'sectionId', p_section_id,
                                        'opensAt', opens)::text;
  END IF;
END
$$;
