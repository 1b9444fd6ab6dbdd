-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
-- The one answer to "did this change of an enrollments row gain or lose a seat?" for every trigger on the table:
-- a row gains a seat when it holds one now and did not before (or holds it for another student or section); it
-- loses one the other way round. A move between sections (or students) does both.
CREATE OR REPLACE FUNCTION enrollment_seat_change(op text, old_row enrollments, new_row enrollments,
                                                  OUT gains boolean, OUT loses boolean)
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(op <> 'DELETE' AND enrollment_holds_seat(new_row.completion_status)
                  AND (op = 'INSERT' OR NOT enrollment_holds_seat(old_row.completion_status)
                       OR new_row.section_id <> old_row.section_id OR new_row.student_id <> old_row.student_id), false),
         coalesce(op <> 'INSERT' AND enrollment_holds_seat(old_row.completion_status)
                  AND (op = 'DELETE' OR NOT enrollment_holds_seat(new_row.completion_status)
                       OR new_row.section_id <> old_row.section_id OR new_row.student_id <> old_row.student_id), false)
$$;
--> statement-breakpoint
-- The registration rules (docs/decisions/0008), decided in the enrolling transaction: a seat lost releases the
-- student's derived rows; a seat gained meets every rule, one function each, in this order (the first refusal is
-- the answer): registration_hold, already_in_course, prerequisite_missing, time_conflict, credit_limit; then the
-- seat's derived rows are written, under the constraints that decide the races (student_seats_one_per_course,
-- student_meetings_no_overlap, student_term_credits_within_max).
CREATE OR REPLACE FUNCTION enrollments_apply_registration_rules()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  sec record;
  exempt record;
  credits integer;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF change.gains THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id FOR KEY SHARE;
    IF NOT FOUND THEN
      RETURN NULL;  -- the foreign key check reports the missing section
    END IF;
    -- One student's seats are decided one transaction at a time (two tabs racing).
    PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  END IF;
  IF change.loses THEN
    PERFORM student_seat_release(OLD.id);
  END IF;
  IF NOT change.gains THEN
    RETURN NULL;
  END IF;

  SELECT * INTO exempt FROM rule_overrides_of(NEW.student_id, NEW.section_id);

  PERFORM rule_registration_hold(NEW.student_id, NEW.section_id);
  PERFORM rule_already_in_course(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id);
  IF NOT exempt.prerequisite_missing THEN
    PERFORM rule_prerequisite_missing(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id);
  END IF;
  IF NOT exempt.time_conflict THEN
    PERFORM rule_time_conflict(NEW.student_id, NEW.section_id, sec.term_id);
  END IF;
  credits := rule_credit_limit(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id, exempt.credit_limit);

  PERFORM student_seat_take(NEW.id, NEW.student_id, NEW.section_id, sec.course_id, sec.term_id, credits,
                            exempt.time_conflict, exempt.credit_limit);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- BEFORE the row changes: a seat gained or lost in a section with a waitlist locks the section row first, so a
-- walk-in and a promotion are decided one after the other; a walk-in while an eligible student waits is refused.
CREATE OR REPLACE FUNCTION enrollments_lock_section_first()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  target_section integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF NOT change.gains AND NOT change.loses THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  PERFORM 1 FROM sections s
   WHERE s.id = target_section AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0)
     FOR NO KEY UPDATE;
  IF FOUND AND change.gains AND coalesce(current_setting('curriculab.waitlist_mode', true), '') = ''
     AND EXISTS (SELECT 1 FROM waitlist_entries w
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM enrollments e
                      WHERE e.student_id = NEW.student_id AND e.section_id = NEW.section_id
                        AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'section % has students waiting for its seats', NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_first_in_line',
            DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', NEW.section_id,
                                        'section', section_label(NEW.section_id))::text,
            HINT = 'Join the waitlist; a freed seat goes to the first eligible student waiting.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
-- sections.enrolled_count follows the seats (docs/decisions/0004). A seat gained in a full section is refused
-- under the CHECK's own name, with the section named in the DETAIL (core/rules/capacity.ts) so the answer can say
-- which section is full without another query; the CHECK stays the authority for every other write.
CREATE OR REPLACE FUNCTION enrollments_maintain_enrolled_count()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  change record;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  -- Give the seat back first, so moving within one section never trips the CHECK on the way.
  IF change.loses THEN
    UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = OLD.section_id;
  END IF;
  IF change.gains THEN
    UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = NEW.section_id AND enrolled_count < capacity;
    IF NOT FOUND AND EXISTS (SELECT 1 FROM sections WHERE id = NEW.section_id) THEN
      RAISE EXCEPTION 'section % is full', NEW.section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity',
              DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', NEW.section_id,
                                          'section', section_label(NEW.section_id))::text;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
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
    -- Only psql moves a row between sections: recorded as a swap that keeps the row's status.
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, from_section_id)
    VALUES (NEW.student_id, NEW.section_id, 'swapped', curriculab_actor(), OLD.section_id)
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
--> statement-breakpoint
CREATE OR REPLACE FUNCTION enrollments_waitlist_follow_seats()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF change.gains THEN
    DELETE FROM waitlist_entries WHERE section_id = NEW.section_id AND student_id = NEW.student_id;
  END IF;
  IF change.loses AND coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'probe'
     AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.section_id = OLD.section_id) THEN
    PERFORM waitlist_promote(OLD.section_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- already_in_course: one seat per course per term. The unique index student_seats_one_per_course decides the race;
-- this read only names the section held.
CREATE OR REPLACE FUNCTION rule_already_in_course(p_student_id integer, p_section_id integer, p_course_id integer,
                                                  p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  SELECT ss.section_id INTO other FROM student_seats ss
   WHERE ss.student_id = p_student_id AND ss.term_id = p_term_id AND ss.course_id = p_course_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'student % already holds % in this course', p_student_id, section_label(other.section_id)
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'student_seats_one_per_course',
            DETAIL = jsonb_build_object('rule', 'already_in_course', 'sectionId', p_section_id,
                                        'heldSectionId', other.section_id, 'heldSection', section_label(other.section_id))::text;
  END IF;
END
$$;
--> statement-breakpoint
-- credit_limit: the seat may not take the student past their maximum for the term (credits let past it by an
-- override do not count). Locks the student's term row, which student_term_credits_within_max guards; returns the
-- section's credits for the seat's derived rows.
CREATE OR REPLACE FUNCTION rule_credit_limit(p_student_id integer, p_section_id integer, p_course_id integer,
                                             p_term_id integer, p_exempt boolean)
 RETURNS integer
 LANGUAGE plpgsql
AS $$
DECLARE
  course_credits integer;
  load record;
  counted integer;
BEGIN
  SELECT c.credits INTO course_credits FROM courses c WHERE c.id = p_course_id;
  SELECT * INTO load FROM student_term_credits WHERE student_id = p_student_id AND term_id = p_term_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO student_term_credits (student_id, term_id) VALUES (p_student_id, p_term_id) ON CONFLICT DO NOTHING;
    SELECT * INTO load FROM student_term_credits WHERE student_id = p_student_id AND term_id = p_term_id FOR UPDATE;
  END IF;
  counted := load.credits - load.exempt_credits + CASE WHEN p_exempt THEN 0 ELSE course_credits END;
  IF counted > load.max_credits THEN
    RAISE EXCEPTION 'section % would take student % to % credits (maximum %)', p_section_id, p_student_id, counted, load.max_credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'student_term_credits_within_max',
            DETAIL = jsonb_build_object('rule', 'credit_limit', 'sectionId', p_section_id, 'credits', counted,
                                        'maxCredits', load.max_credits, 'currentCredits', load.credits - load.exempt_credits,
                                        'sectionCredits', course_credits)::text;
  END IF;
  RETURN course_credits;
END
$$;
--> statement-breakpoint
-- Which rules a registrar let this student past for this section (never capacity or a duplicate seat).
CREATE OR REPLACE FUNCTION rule_overrides_of(p_student_id integer, p_section_id integer,
                                             OUT time_conflict boolean, OUT prerequisite_missing boolean,
                                             OUT credit_limit boolean)
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(bool_or(o.rule = 'time_conflict'), false), coalesce(bool_or(o.rule = 'prerequisite_missing'), false),
         coalesce(bool_or(o.rule = 'credit_limit'), false)
    FROM rule_overrides o WHERE o.student_id = p_student_id AND o.section_id = p_section_id
$$;
--> statement-breakpoint
-- prerequisite_missing: every prerequisite course completed in an earlier term (one whose registration opened
-- before this one's).
CREATE OR REPLACE FUNCTION rule_prerequisite_missing(p_student_id integer, p_section_id integer, p_course_id integer,
                                                     p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  missing jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('courseId', c.id, 'course', c.subject || ' ' || c.number) ORDER BY c.subject, c.number)
    INTO missing
    FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
   WHERE p.course_id = p_course_id
     AND NOT EXISTS (
       SELECT 1 FROM enrollments e
         JOIN sections ps ON ps.id = e.section_id
         JOIN terms pt ON pt.id = ps.term_id
        WHERE e.student_id = p_student_id AND e.completion_status = 'completed'
          AND ps.course_id = p.prerequisite_course_id
          AND pt.registration_opens_at < (SELECT t.registration_opens_at FROM terms t WHERE t.id = p_term_id));
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'student % has not completed the prerequisites of section %', p_student_id, p_section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_prerequisites_completed',
            DETAIL = jsonb_build_object('rule', 'prerequisite_missing', 'sectionId', p_section_id, 'missing', missing)::text;
  END IF;
END
$$;
--> statement-breakpoint
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
--> statement-breakpoint
-- time_conflict: a meeting overlapping one of a seat the student holds this term. The EXCLUDE constraint
-- student_meetings_no_overlap decides the race; this read only puts names in the refusal.
CREATE OR REPLACE FUNCTION rule_time_conflict(p_student_id integer, p_section_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  SELECT sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
    FROM section_meetings m
    JOIN student_meetings sm
      ON sm.student_id = p_student_id AND sm.term_id = p_term_id AND sm.day = m.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
   WHERE m.section_id = p_section_id
   ORDER BY sm.day, sm.starts_at LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'section % overlaps % held by student %', p_section_id, section_label(other.section_id), p_student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', p_section_id,
                                        'conflictingSectionId', other.section_id,
                                        'conflictingSection', section_label(other.section_id),
                                        'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                        'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                        'conflictingMeetings', section_meetings_json(other.section_id))::text;
  END IF;
END
$$;
--> statement-breakpoint
-- A seat given up: its derived rows go (a seat held before the rules existed may have none).
CREATE OR REPLACE FUNCTION student_seat_release(p_enrollment_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  seat record;
BEGIN
  DELETE FROM student_seats WHERE enrollment_id = p_enrollment_id RETURNING * INTO seat;
  IF FOUND THEN
    DELETE FROM student_meetings WHERE enrollment_id = p_enrollment_id;
    UPDATE student_term_credits
       SET credits = credits - seat.credits,
           exempt_credits = exempt_credits - CASE WHEN seat.credits_exempt THEN seat.credits ELSE 0 END
     WHERE student_id = seat.student_id AND term_id = seat.term_id;
  END IF;
END
$$;
--> statement-breakpoint
-- A seat that met the rules: its derived rows (student_seats, student_meetings, the term's credits), under the
-- constraints that decide what two transactions of one student could otherwise both pass.
CREATE OR REPLACE FUNCTION student_seat_take(p_enrollment_id integer, p_student_id integer, p_section_id integer,
                                             p_course_id integer, p_term_id integer, p_credits integer,
                                             p_time_exempt boolean, p_credits_exempt boolean)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, credits, time_exempt, credits_exempt)
  VALUES (p_enrollment_id, p_student_id, p_term_id, p_course_id, p_section_id, p_credits, p_time_exempt, p_credits_exempt);
  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at, exempt)
  SELECT p_enrollment_id, m.id, p_student_id, p_term_id, p_section_id, m.day, m.starts_at, m.ends_at, p_time_exempt
    FROM section_meetings m WHERE m.section_id = p_section_id;
  UPDATE student_term_credits
     SET credits = credits + p_credits,
         exempt_credits = exempt_credits + CASE WHEN p_credits_exempt THEN p_credits ELSE 0 END
   WHERE student_id = p_student_id AND term_id = p_term_id;
END
$$;
--> statement-breakpoint
-- How a seat of this term is given up now, by the database's clock: dropped (the row deleted) before the drop
-- deadline, withdrawn (kept as 'withdrawn') until the withdrawal deadline, not at all by the student after it.
CREATE OR REPLACE FUNCTION term_leave_mode(p_term_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$
  SELECT CASE WHEN now() < t.drop_deadline THEN 'drop'
              WHEN now() < t.withdraw_deadline THEN 'withdraw'
              ELSE 'none' END
    FROM terms t WHERE t.id = p_term_id
$$;
--> statement-breakpoint
-- The one clock (docs/decisions/0017): whether a term's registration is open is the database's answer, by its
-- own now(), for the enroll statement, the waitlist, a swap and every page that shows it.
CREATE OR REPLACE FUNCTION term_registration_window(p_term_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$
  SELECT CASE WHEN now() < t.registration_opens_at THEN 'not_yet_open'
              WHEN now() < t.registration_closes_at THEN 'open'
              ELSE 'closed' END
    FROM terms t WHERE t.id = p_term_id
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION waitlist_release_swap_seat(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  before_drop_deadline boolean;
BEGIN
  SELECT term_leave_mode(s.term_id) = 'drop' INTO before_drop_deadline
    FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE NOWAIT;
  PERFORM 1 FROM enrollments e
    WHERE e.student_id = p_student_id AND e.section_id = p_section_id AND e.completion_status = 'enrolled'
    FOR UPDATE OF e NOWAIT;
  IF before_drop_deadline THEN
    DELETE FROM enrollments
     WHERE student_id = p_student_id AND section_id = p_section_id AND completion_status = 'enrolled';
  ELSE
    UPDATE enrollments SET completion_status = 'withdrawn'
     WHERE student_id = p_student_id AND section_id = p_section_id AND completion_status = 'enrolled';
  END IF;
END
$$;
