CREATE OR REPLACE FUNCTION waitlist_set_swap_from(p_section_id integer, p_student_id integer, p_swap_from integer)
 RETURNS TABLE("position" integer, length integer)
 LANGUAGE plpgsql
AS $$
DECLARE
  entry record;
BEGIN
  PERFORM 1 FROM sections s WHERE s.id IN (p_section_id, p_swap_from) ORDER BY s.id FOR NO KEY UPDATE;
  PERFORM 1 FROM users u WHERE u.id = p_student_id FOR NO KEY UPDATE;
  SELECT w.id, w.position INTO entry FROM waitlist_entries w
   WHERE w.section_id = p_section_id AND w.student_id = p_student_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'student % does not wait for section %', p_student_id, p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_entry_present';
  END IF;
  IF waitlist_swap_from_stale(p_student_id, p_swap_from) THEN
    RAISE EXCEPTION 'student % holds no seat in section % to swap from', p_student_id, p_swap_from
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_swap_from_held';
  END IF;
  PERFORM waitlist_probe_rules(p_section_id, p_student_id, p_swap_from);

  UPDATE waitlist_entries w
     SET swap_from_section_id = p_swap_from, passed_over_reason = NULL, passed_over_detail = NULL, passed_over_at = NULL
   WHERE w.id = entry.id;
  PERFORM set_config('curriculab.seat_freed_by', '', true);
  PERFORM waitlist_promote(p_section_id);
  RETURN QUERY
    SELECT CASE WHEN bool_or(w.id = entry.id) THEN count(*) FILTER (WHERE w.position <= entry.position) ELSE 0 END::integer,
           count(*)::integer
      FROM waitlist_entries w WHERE w.section_id = p_section_id;
END
$$;
