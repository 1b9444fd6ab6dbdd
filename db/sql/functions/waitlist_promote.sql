CREATE OR REPLACE FUNCTION waitlist_promote(p_section_id integer)
 RETURNS integer
 LANGUAGE plpgsql
AS $$
DECLARE
  previous_mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
  previous_swap text := coalesce(current_setting('curriculab.swap', true), '');
  freed_by text := coalesce(current_setting('curriculab.seat_freed_by', true), '');
  -- waitlist_promote_freed: one entry of a cross-list, in the list's order. Cleared at once, so a promotion this
  -- one sets off (a swap's released seat) promotes its own section's waitlist whole.
  only_entry integer := nullif(coalesce(current_setting('curriculab.promote_only', true), ''), '')::integer;
  free integer;
  entry record;
  after_position integer := 0;
  promoted integer := 0;
  failed_state text;
  failed_constraint text;
  failed_detail text;
  reason text;
BEGIN
  IF only_entry IS NOT NULL THEN
    PERFORM set_config('curriculab.promote_only', '', true);
  END IF;
  LOOP
    -- A cross-listed section also needs room in the shared capacity (docs/decisions/0025).
    SELECT least(s.capacity - s.enrolled_count, coalesce(cross_list_free_seats(s.cross_list_id), s.capacity)) INTO free
      FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
    EXIT WHEN NOT FOUND OR free <= 0;
    SELECT * INTO entry FROM waitlist_entries w
     WHERE w.section_id = p_section_id AND w.position > after_position AND (only_entry IS NULL OR w.id = only_entry)
     ORDER BY w.position LIMIT 1 FOR UPDATE SKIP LOCKED;
    EXIT WHEN NOT FOUND;
    after_position := entry.position;
    BEGIN
      PERFORM set_config('curriculab.waitlist_mode', 'promote', true);
      -- The old seat goes first, so the time-conflict and one-seat-per-course rules do not see it.
      IF entry.swap_from_section_id IS NOT NULL THEN
        PERFORM set_config('curriculab.swap',
                           concat_ws(':', entry.student_id, entry.swap_from_section_id, p_section_id), true);
        PERFORM set_config('curriculab.seat_freed_by', freed_by, true);
        PERFORM waitlist_release_swap_seat(entry.student_id, entry.swap_from_section_id);
      ELSE
        PERFORM set_config('curriculab.swap', '', true);
      END IF;
      PERFORM set_config('curriculab.seat_freed_by', freed_by, true);
      INSERT INTO enrollments (student_id, section_id)
      SELECT entry.student_id, x.id FROM unnest(array_prepend(p_section_id, entry.with_section_ids)) AS x(id)
      ON CONFLICT ON CONSTRAINT enrollments_student_section_key
        DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn';
      -- The whole set or nothing (docs/decisions/0022): judged now, inside this entry's subtransaction.
      PERFORM waitlist_promote_set_check(entry.student_id, p_section_id);
      DELETE FROM waitlist_entries WHERE id = entry.id;
      PERFORM set_config('curriculab.waitlist_mode', previous_mode, true);
      PERFORM set_config('curriculab.swap', previous_swap, true);
      promoted := promoted + 1;
    EXCEPTION WHEN integrity_constraint_violation OR lock_not_available THEN
      GET STACKED DIAGNOSTICS failed_state = RETURNED_SQLSTATE, failed_constraint = CONSTRAINT_NAME,
                              failed_detail = PG_EXCEPTION_DETAIL;
      reason := CASE
        WHEN failed_state = '55P03' THEN 'swap_busy'
        WHEN failed_constraint IN ('sections_enrolled_count_within_capacity', 'cross_lists_held_within_capacity') THEN 'section_full'
        WHEN failed_constraint = 'enrollments_complete_set' THEN 'incomplete_set'
        WHEN failed_constraint = 'student_meetings_no_overlap' THEN 'time_conflict'
        WHEN failed_constraint = 'student_seats_one_per_course' THEN 'already_in_course'
        WHEN failed_constraint = 'student_term_credits_within_max' THEN 'credit_limit'
        WHEN failed_constraint = 'enrollments_prerequisites_completed' THEN 'prerequisite_missing'
        WHEN failed_constraint = 'enrollments_no_active_hold' THEN 'registration_hold'
        WHEN failed_constraint = 'enrollments_appointment_reached' THEN 'appointment_not_reached'
        WHEN failed_constraint = 'sections_reserved_seats_within_capacity' THEN 'seats_reserved'
      END;
      IF reason IS NULL THEN
        RAISE;
      END IF;
      PERFORM set_config('curriculab.seat_freed_by', freed_by, true);
      UPDATE waitlist_entries
         SET passed_over_reason = reason, passed_over_detail = nullif(failed_detail, ''), passed_over_at = now()
       WHERE id = entry.id;
    END;
  END LOOP;
  PERFORM set_config('curriculab.seat_freed_by', freed_by, true);
  RETURN promoted;
END
$$;
