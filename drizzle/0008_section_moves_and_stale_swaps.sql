-- docs/decisions/0018: a registrar's meeting move that knowingly overlaps students' classes, and a waitlist
-- place whose release choice (swapFrom) went stale. Hand-written (drizzle-kit stops on a rename prompt: the 0005
-- and 0006 snapshots are out of step, issue 28 item 18).
--
-- Transaction-local settings read here, besides drizzle/0006's:
--   curriculab.accept_conflicts  '' (refuse a move that overlaps a student's class, as before), 'all' (the
--                                registrar's preview, always rolled back) or '{id,…}': the students the registrar
--                                saw and accepted; anyone else in conflict still refuses the move.
--   curriculab.capacity_change   'old:new' while a capacity change promotes: what a pass-over cites.

ALTER TYPE "enrollment_event_kind" ADD VALUE IF NOT EXISTS 'passed_over';
--> statement-breakpoint
ALTER TYPE "enrollment_event_kind" ADD VALUE IF NOT EXISTS 'waitlist_changed';
--> statement-breakpoint
ALTER TYPE "enrollment_event_kind" ADD VALUE IF NOT EXISTS 'conflict_accepted';
--> statement-breakpoint
ALTER TABLE "enrollment_events" ADD COLUMN "detail" jsonb;
--> statement-breakpoint
ALTER TABLE "student_meetings" ADD COLUMN "accepted_conflict" boolean DEFAULT false NOT NULL;
--> statement-breakpoint

-- A meeting row the registrar moved onto another of the student's classes stands outside the EXCLUDE constraint;
-- the student's own new seats are still checked against it, by the rules trigger's read under the student's lock
-- (the move takes the same lock before it flags a row).
ALTER TABLE "student_meetings" DROP CONSTRAINT "student_meetings_no_overlap";
--> statement-breakpoint
ALTER TABLE "student_meetings" ADD CONSTRAINT "student_meetings_no_overlap"
  EXCLUDE USING gist ("student_id" WITH =, "term_id" WITH =, "day" WITH =, meeting_time_range("starts_at", "ends_at") WITH &&)
  WHERE (NOT "exempt" AND NOT "accepted_conflict");
--> statement-breakpoint

-- drizzle/0002's, with the registrar's accepted conflicts. Without curriculab.accept_conflicts a meeting that would
-- overlap an enrolled student's other class is refused, as before. With it, every student holding the section is
-- locked first (users rows in id order, the lock a student's own seat change takes), so the check below and the
-- student's enrollments in flight see each other; a conflict of a student the registrar did not accept still
-- refuses the whole move; the accepted ones get their row flagged instead.
CREATE OR REPLACE FUNCTION "section_meetings_reach_students"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  accepting text := coalesce(current_setting('curriculab.accept_conflicts', true), '');
  accepted integer[];
  other record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM student_meetings WHERE meeting_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;

  IF accepting <> '' THEN
    PERFORM 1 FROM users u
     WHERE u.id IN (SELECT ss.student_id FROM student_seats ss WHERE ss.section_id = NEW.section_id)
     ORDER BY u.id FOR NO KEY UPDATE;
    IF accepting <> 'all' THEN
      accepted := accepting::integer[];
    END IF;
  END IF;

  SELECT ss.student_id, sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
    FROM student_seats ss
    JOIN student_meetings sm
      ON sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
     AND sm.day = NEW.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at)
   WHERE ss.section_id = NEW.section_id AND NOT ss.time_exempt
     AND (accepting = '' OR (accepting <> 'all' AND NOT ss.student_id = ANY (accepted)))
   ORDER BY ss.student_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the new meeting of section % overlaps % held by student %', NEW.section_id, section_label(other.section_id), other.student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', NEW.section_id, 'studentId', other.student_id,
                                        'conflictingSectionId', other.section_id,
                                        'conflictingSection', section_label(other.section_id),
                                        'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                        'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                        'conflictingMeetings', section_meetings_json(other.section_id))::text;
  END IF;

  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at,
                                exempt, accepted_conflict)
  SELECT ss.enrollment_id, NEW.id, ss.student_id, ss.term_id, ss.section_id, NEW.day, NEW.starts_at, NEW.ends_at,
         ss.time_exempt,
         accepting <> '' AND NOT ss.time_exempt AND EXISTS (
           SELECT 1 FROM student_meetings sm
            WHERE sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
              AND sm.day = NEW.day AND NOT sm.exempt
              AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at))
    FROM student_seats ss WHERE ss.section_id = NEW.section_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- One 'conflict_accepted' event per student and statement, naming every class the moved meetings now overlap.
-- A statement trigger: it fires after the row triggers above have flagged the rows (the app writes a section's
-- meetings in one INSERT).
CREATE FUNCTION "section_meetings_record_accepted_conflicts"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause, detail)
  SELECT sm.student_id, sm.section_id, 'conflict_accepted', curriculab_actor(), 'meeting_moved',
         jsonb_agg(DISTINCT jsonb_build_object('conflictingSectionId', o.section_id,
                                               'conflictingSection', section_label(o.section_id),
                                               'day', sm.day, 'startsAt', to_char(sm.starts_at, 'HH24:MI'),
                                               'endsAt', to_char(sm.ends_at, 'HH24:MI')))
    FROM new_meetings n
    JOIN student_meetings sm ON sm.meeting_id = n.id AND sm.accepted_conflict
    JOIN student_meetings o
      ON o.student_id = sm.student_id AND o.term_id = sm.term_id AND o.section_id <> sm.section_id
     AND o.day = sm.day AND NOT o.exempt
     AND meeting_time_range(o.starts_at, o.ends_at) && meeting_time_range(sm.starts_at, sm.ends_at)
   GROUP BY sm.student_id, sm.section_id
   ORDER BY sm.student_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "section_meetings_record_accepted_conflicts"
AFTER INSERT ON "section_meetings" REFERENCING NEW TABLE AS new_meetings
FOR EACH STATEMENT EXECUTE FUNCTION "section_meetings_record_accepted_conflicts"();
--> statement-breakpoint

CREATE TRIGGER "section_meetings_record_accepted_conflicts_update"
AFTER UPDATE ON "section_meetings" REFERENCING NEW TABLE AS new_meetings
FOR EACH STATEMENT EXECUTE FUNCTION "section_meetings_record_accepted_conflicts"();
--> statement-breakpoint

-- The classes an enrollment's meetings overlap because a registrar accepted it (either side flagged): shown on the
-- roster and the student's schedule. '[]' when none (the other class dropped since, or a later move fixed it).
CREATE FUNCTION "enrollment_accepted_conflicts"(p_enrollment_id integer) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object(
           'conflictingSectionId', o.section_id, 'conflictingSection', section_label(o.section_id),
           'day', m.day, 'startsAt', to_char(greatest(m.starts_at, o.starts_at), 'HH24:MI'),
           'endsAt', to_char(least(m.ends_at, o.ends_at), 'HH24:MI'))), '[]'::jsonb)
    FROM student_meetings m
    JOIN student_meetings o
      ON o.student_id = m.student_id AND o.term_id = m.term_id AND o.enrollment_id <> m.enrollment_id
     AND o.day = m.day AND NOT o.exempt
     AND meeting_time_range(o.starts_at, o.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
   WHERE m.enrollment_id = p_enrollment_id AND NOT m.exempt AND (m.accepted_conflict OR o.accepted_conflict)
$$;
--> statement-breakpoint

-- A waitlist entry's release choice is stale when the student no longer holds an 'enrolled' seat there (dropped,
-- withdrawn, or swapped away): the promotion would keep whatever they hold now, and the rules may pass them over.
CREATE FUNCTION "waitlist_swap_from_stale"(p_student_id integer, p_swap_from integer) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT p_swap_from IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM enrollments e
     WHERE e.student_id = p_student_id AND e.section_id = p_swap_from AND e.completion_status = 'enrolled')
$$;
--> statement-breakpoint

-- The rule check of a waitlist place (joining, or changing its release choice): the seat is tried in a sub-block
-- that is always rolled back, with the release seat given up inside it, as at promotion. drizzle/0005's
-- waitlist_join did this inline; it now calls this.
CREATE FUNCTION "waitlist_probe_rules"(p_section_id integer, p_student_id integer, p_swap_from integer) RETURNS void
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
--> statement-breakpoint

-- drizzle/0005's join, its probe now waitlist_probe_rules(); otherwise unchanged.
CREATE OR REPLACE FUNCTION "waitlist_join"(p_section_id integer, p_student_id integer, p_swap_from integer)
RETURNS TABLE ("position" integer, "length" integer)
LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
  ticket integer;
BEGIN
  PERFORM 1 FROM sections s WHERE s.id IN (p_section_id, p_swap_from) ORDER BY s.id FOR NO KEY UPDATE;
  SELECT s.capacity, s.enrolled_count, s.waitlist_capacity INTO sec FROM sections s WHERE s.id = p_section_id;
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
  IF sec.enrolled_count < sec.capacity THEN
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
--> statement-breakpoint

-- Changing (or clearing) a waiting student's release choice keeps their place: the same locks and rule check as
-- joining, then the entry's swapFrom is replaced and its pass-over cleared (the new choice may make them eligible:
-- a free seat the rules kept from them is offered again at once). Returns the place, or position 0 when that
-- offer promoted them.
CREATE FUNCTION "waitlist_set_swap_from"(p_section_id integer, p_student_id integer, p_swap_from integer)
RETURNS TABLE ("position" integer, "length" integer)
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
--> statement-breakpoint

-- drizzle/0006's promotion; the one change: a pass-over is recorded with what freed the seat current (the sub-block
-- that failed has rolled back its own settings, a previous promoted swap may have changed them).
CREATE OR REPLACE FUNCTION "waitlist_promote"(p_section_id integer) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  previous_mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
  previous_swap text := coalesce(current_setting('curriculab.swap', true), '');
  freed_by text := coalesce(current_setting('curriculab.seat_freed_by', true), '');
  free integer;
  entry record;
  after_position integer := 0;
  promoted integer := 0;
  failed_state text;
  failed_constraint text;
  failed_detail text;
  reason text;
BEGIN
  LOOP
    SELECT s.capacity - s.enrolled_count INTO free FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
    EXIT WHEN NOT FOUND OR free <= 0;
    SELECT * INTO entry FROM waitlist_entries w
     WHERE w.section_id = p_section_id AND w.position > after_position
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
      INSERT INTO enrollments (student_id, section_id) VALUES (entry.student_id, p_section_id)
      ON CONFLICT ON CONSTRAINT enrollments_student_section_key
        DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn';
      DELETE FROM waitlist_entries WHERE id = entry.id;
      PERFORM set_config('curriculab.waitlist_mode', previous_mode, true);
      PERFORM set_config('curriculab.swap', previous_swap, true);
      promoted := promoted + 1;
    EXCEPTION WHEN integrity_constraint_violation OR lock_not_available THEN
      GET STACKED DIAGNOSTICS failed_state = RETURNED_SQLSTATE, failed_constraint = CONSTRAINT_NAME,
                              failed_detail = PG_EXCEPTION_DETAIL;
      reason := CASE
        WHEN failed_state = '55P03' THEN 'swap_busy'
        WHEN failed_constraint = 'student_meetings_no_overlap' THEN 'time_conflict'
        WHEN failed_constraint = 'student_seats_one_per_course' THEN 'already_in_course'
        WHEN failed_constraint = 'student_term_credits_within_max' THEN 'credit_limit'
        WHEN failed_constraint = 'enrollments_prerequisites_completed' THEN 'prerequisite_missing'
        WHEN failed_constraint = 'enrollments_no_active_hold' THEN 'registration_hold'
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
--> statement-breakpoint

-- drizzle/0006's, now also telling a pass-over which capacity change it follows.
CREATE OR REPLACE FUNCTION "sections_capacity_promotes_waitlist"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', 'capacity', true);
  PERFORM set_config('curriculab.capacity_change', OLD.capacity || ':' || NEW.capacity, true);
  PERFORM waitlist_promote(NEW.id);
  PERFORM set_config('curriculab.capacity_change', '', true);
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- A pass-over (the first, or a new reason) and a changed release choice are history too. A pass-over names the
-- rule and its DETAIL, whether the release choice was stale, and what offered the seat: the freeing event
-- (freed_by_event_id) or the capacity change (old → new; its actor is the registrar who made it).
CREATE FUNCTION "waitlist_entries_record_change"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
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
--> statement-breakpoint

CREATE TRIGGER "waitlist_entries_record_change"
AFTER UPDATE OF swap_from_section_id, passed_over_reason, passed_over_at ON "waitlist_entries"
FOR EACH ROW EXECUTE FUNCTION "waitlist_entries_record_change"();
