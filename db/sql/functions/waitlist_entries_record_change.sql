CREATE OR REPLACE FUNCTION waitlist_entries_record_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  capacity text[] := string_to_array(nullif(current_setting('curriculab.capacity_change', true), ''), ':');
  freed record;
BEGIN
  IF NEW.swap_from_section_id IS DISTINCT FROM OLD.swap_from_section_id THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position, from_section_id, detail)
    VALUES (NEW.student_id, NEW.section_id, 'waitlist_changed', curriculab_actor(), NEW.position,
            NEW.swap_from_section_id, jsonb_build_object('previousSwapFromSectionId', OLD.swap_from_section_id));
  END IF;
  IF NEW.passed_over_at IS NOT NULL
     AND (OLD.passed_over_at IS NULL OR NEW.passed_over_reason IS DISTINCT FROM OLD.passed_over_reason) THEN
    SELECT f.event_id, f.cause INTO freed
      FROM enrollment_event_freed_seat(nullif(current_setting('curriculab.seat_freed_by', true), '')) f;
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position, from_section_id,
                                   freed_by_event_id, cause, detail)
    VALUES (NEW.student_id, NEW.section_id, 'passed_over', curriculab_actor(), NEW.position, NEW.swap_from_section_id,
            freed.event_id, NEW.passed_over_reason,
            jsonb_strip_nulls(jsonb_build_object(
              'refusal', CASE WHEN NEW.passed_over_detail LIKE '{%' THEN NEW.passed_over_detail::jsonb END,
              'freedBy', freed.cause,
              'capacityFrom', capacity[1]::integer, 'capacityTo', capacity[2]::integer,
              'swapFromStale', CASE WHEN NEW.swap_from_section_id IS NOT NULL
                                    THEN waitlist_swap_from_stale(NEW.student_id, NEW.swap_from_section_id) END)));
  END IF;
  RETURN NULL;
END
$$;
