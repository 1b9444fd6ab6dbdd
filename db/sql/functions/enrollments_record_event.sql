CREATE OR REPLACE FUNCTION enrollments_record_event()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
  swap text[] := string_to_array(nullif(current_setting('curriculab.swap', true), ''), ':');
  change record;
  freed_event bigint;
  freed_cause text;
  event_id bigint;
BEGIN
  -- A waitlist join's probe is always rolled back: nothing to record.
  IF mode = 'probe' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.section_id = OLD.section_id AND NEW.completion_status = OLD.completion_status THEN
    RETURN NULL;
  END IF;

  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF TG_OP = 'UPDATE' AND NEW.section_id <> OLD.section_id THEN
    -- Only psql moves a row between sections: a seat moved is a swap; a withdrawn (or completed) record moved
    -- keeps its status in the new section, so the history replays to what the row says.
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, from_section_id)
    VALUES (NEW.student_id, NEW.section_id,
            CASE WHEN NEW.completion_status = 'enrolled' THEN 'swapped' ELSE NEW.completion_status::text END::enrollment_event_kind,
            curriculab_actor(), OLD.section_id)
    RETURNING id INTO event_id;
  ELSIF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.completion_status = 'withdrawn') THEN
    IF change.loses AND swap IS NOT NULL AND swap[1]::integer = OLD.student_id AND swap[2]::integer = OLD.section_id THEN
      IF mode = 'promote' THEN
        SELECT f.event_id, f.cause INTO freed_event, freed_cause
          FROM enrollment_event_freed_seat(nullif(current_setting('curriculab.seat_freed_by', true), '')) f;
      END IF;
      INSERT INTO enrollment_events
        (student_id, section_id, kind, actor_id, from_section_id, released_as, freed_by_event_id, cause)
      VALUES (OLD.student_id, swap[3]::integer,
              CASE WHEN mode = 'promote' THEN 'promoted' ELSE 'swapped' END::enrollment_event_kind, curriculab_actor(),
              OLD.section_id, CASE WHEN TG_OP = 'DELETE' THEN 'dropped' ELSE 'withdrawn' END,
              freed_event, freed_cause)
      RETURNING id INTO event_id;
      -- The new seat's INSERT writes nothing only when this event exists; a swap whose old seat was already given up
      -- (a promoted swapFrom the student withdrew from meanwhile) is an ordinary promotion and says so.
      PERFORM set_config('curriculab.swap', concat_ws(':', swap[1], swap[2], swap[3], event_id), true);
    ELSE
      INSERT INTO enrollment_events (student_id, section_id, kind, actor_id)
      VALUES (OLD.student_id, OLD.section_id,
              CASE WHEN TG_OP = 'DELETE' THEN 'dropped' ELSE 'withdrawn' END::enrollment_event_kind, curriculab_actor())
      RETURNING id INTO event_id;
    END IF;
  ELSIF swap IS NOT NULL AND swap[4] IS NOT NULL AND swap[1]::integer = NEW.student_id AND swap[3]::integer = NEW.section_id THEN
    -- The new seat of a swap: its event was written when the old seat was released.
    RETURN NULL;
  ELSIF mode = 'promote' AND NEW.completion_status = 'enrolled' THEN
    SELECT f.event_id, f.cause INTO freed_event, freed_cause
      FROM enrollment_event_freed_seat(nullif(current_setting('curriculab.seat_freed_by', true), '')) f;
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, freed_by_event_id, cause)
    VALUES (NEW.student_id, NEW.section_id, 'promoted', curriculab_actor(), freed_event, freed_cause);
    RETURN NULL;
  ELSE
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id)
    VALUES (NEW.student_id, NEW.section_id, NEW.completion_status::text::enrollment_event_kind, curriculab_actor())
    RETURNING id INTO event_id;
  END IF;

  IF change.loses THEN
    PERFORM set_config('curriculab.seat_freed_by', event_id::text, true);
  END IF;
  RETURN NULL;
END
$$;
