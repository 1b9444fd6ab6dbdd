CREATE OR REPLACE FUNCTION waitlist_join(p_section_id integer, p_student_id integer, p_swap_from integer)
 RETURNS TABLE("position" integer, length integer)
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
  ticket integer;
BEGIN
  PERFORM 1 FROM sections s WHERE s.id IN (p_section_id, p_swap_from) ORDER BY s.id FOR NO KEY UPDATE;
  SELECT s.capacity, s.enrolled_count, s.waitlist_capacity, s.term_id INTO sec FROM sections s WHERE s.id = p_section_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'section % does not exist', p_section_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'waitlist_entries_section_id_fkey';
  END IF;
  PERFORM 1 FROM users u WHERE u.id = p_student_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'student % does not exist', p_student_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'waitlist_entries_student_id_fkey';
  END IF;
  IF EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = p_student_id AND e.section_id = p_section_id
                                            AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'student % holds a seat in section %', p_student_id, p_section_id
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'enrollments_student_section_key';
  END IF;
  IF EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.section_id = p_section_id AND w.student_id = p_student_id) THEN
    RAISE EXCEPTION 'student % already waits for section %', p_student_id, p_section_id
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'waitlist_entries_section_student_key';
  END IF;
  PERFORM rule_appointment_not_reached(p_student_id, p_section_id, sec.term_id);
  -- Seats reserved for a group the student is not in, or none left in a cross-list, are no seat for them (0025).
  IF section_seats_free_for(p_section_id, p_student_id) > 0 THEN
    RAISE EXCEPTION 'section % has a free seat', p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_seats_available';
  END IF;
  IF (SELECT count(*) FROM waitlist_entries w WHERE w.section_id = p_section_id) >= sec.waitlist_capacity THEN
    RAISE EXCEPTION 'the waitlist of section % is full', p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_within_capacity';
  END IF;
  IF waitlist_swap_from_stale(p_student_id, p_swap_from) THEN
    RAISE EXCEPTION 'student % holds no seat in section % to swap from', p_student_id, p_swap_from
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_swap_from_held';
  END IF;
  PERFORM waitlist_probe_rules(p_section_id, p_student_id, p_swap_from);

  UPDATE sections s SET waitlist_last_position = s.waitlist_last_position + 1 WHERE s.id = p_section_id
  RETURNING s.waitlist_last_position INTO ticket;
  INSERT INTO waitlist_entries (section_id, student_id, position, swap_from_section_id)
  VALUES (p_section_id, p_student_id, ticket, p_swap_from);
  RETURN QUERY
    SELECT (count(*) FILTER (WHERE w.position <= ticket))::integer, count(*)::integer
      FROM waitlist_entries w WHERE w.section_id = p_section_id;
END
$$;
