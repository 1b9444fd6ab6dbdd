-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
CREATE OR REPLACE FUNCTION enrollment_accepted_conflicts(p_enrollment_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
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
     AND daterange(o.starts_on, o.ends_on, '[]') && daterange(m.starts_on, m.ends_on, '[]')
   WHERE m.enrollment_id = p_enrollment_id AND NOT m.exempt AND (m.accepted_conflict OR o.accepted_conflict)
$$;
--> statement-breakpoint
-- The registration rules (docs/decisions/0008), decided in the enrolling transaction: a seat lost releases the
-- student's derived rows; a seat gained meets every rule, one function each, in this order (the first refusal is
-- the answer): appointment_not_reached (the student's own seats only: not a registrar's placement nor a promotion,
-- docs/decisions/0025), registration_hold, already_in_course, prerequisite_missing, time_conflict, credit_limit; then the
-- seat's derived rows are written, under the constraints that decide the races (student_seats_one_per_course,
-- student_meetings_no_overlap, student_term_credits_within_max). A complete set is checked at commit, by
-- enrollments_complete_set (docs/decisions/0022): the members of a set arrive one row at a time.
CREATE OR REPLACE FUNCTION enrollments_apply_registration_rules()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  sec record;
  exempt record;
  credits numeric;
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

  IF coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'promote'
     AND coalesce(curriculab_actor(), NEW.student_id) = NEW.student_id THEN
    PERFORM rule_appointment_not_reached(NEW.student_id, NEW.section_id, sec.term_id);
  END IF;
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
-- At commit: the sets of the student whose seat changed are complete (rule_incomplete_set). Deferred, so that a
-- set enrolled, dropped or swapped one row at a time is judged as the transaction leaves it.
CREATE OR REPLACE FUNCTION enrollments_complete_set()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
BEGIN
  IF TG_OP <> 'INSERT' AND section_in_set(OLD.section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = OLD.section_id;
    IF FOUND THEN
      PERFORM rule_incomplete_set(OLD.student_id, sec.course_id, sec.term_id);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND section_in_set(NEW.section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id;
    PERFORM rule_incomplete_set(NEW.student_id, sec.course_id, sec.term_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- already_in_course: one seat per component of a course per term (a lecture and its lab are two components, docs/
-- decisions/0022). The unique index student_seats_one_per_course decides the race; this read only names the section.
CREATE OR REPLACE FUNCTION rule_already_in_course(p_student_id integer, p_section_id integer, p_course_id integer,
                                                  p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  SELECT ss.section_id INTO other FROM student_seats ss
   WHERE ss.student_id = p_student_id AND ss.term_id = p_term_id AND ss.course_id = p_course_id
     AND ss.component = (SELECT s.component FROM sections s WHERE s.id = p_section_id) LIMIT 1;
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
-- override do not count). A section's credits are its own, else its course's (a 0-credit lab beside a 3-credit
-- lecture). Locks the student's term row, which student_term_credits_within_max guards; returns the section's
-- credits for the seat's derived rows.
CREATE OR REPLACE FUNCTION rule_credit_limit(p_student_id integer, p_section_id integer, p_course_id integer,
                                             p_term_id integer, p_exempt boolean)
 RETURNS numeric
 LANGUAGE plpgsql
AS $$
DECLARE
  course_credits numeric;
  load record;
  counted numeric;
BEGIN
  SELECT coalesce(s.credits, c.credits) INTO course_credits
    FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = p_section_id;
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
-- incomplete_set (docs/decisions/0022): links alone make a set, and a set is taken whole (student_set_gap says what
-- is missing). Called at commit by the constraint triggers enrollments_complete_set and sections_complete_sets (the
-- members of a set arrive one row at a time), and by a promotion inside its own subtransaction. Not overridable.
CREATE OR REPLACE FUNCTION rule_incomplete_set(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  gap jsonb := student_set_gap(p_student_id, p_course_id, p_term_id);
BEGIN
  IF gap IS NOT NULL THEN
    RAISE EXCEPTION 'student % holds % without a % section of its set', p_student_id, gap->>'section', gap->>'component'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_complete_set',
            DETAIL = (jsonb_build_object('rule', 'incomplete_set') || gap)::text;
  END IF;
END
$$;
--> statement-breakpoint
-- time_conflict: a meeting overlapping one of a seat the student holds this term, on the same day, at the same time,
-- within the same dates (half-term sections at one hour in different weeks do not conflict). The EXCLUDE constraint
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
    JOIN sections s ON s.id = m.section_id
    JOIN terms t ON t.id = s.term_id
    JOIN student_meetings sm
      ON sm.student_id = p_student_id AND sm.term_id = p_term_id AND sm.day = m.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     AND daterange(sm.starts_on, sm.ends_on, '[]')
         && daterange(coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), '[]')
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
-- Whether a section is part of a set: it links to another, or others link to it (sections standing alone skip the
-- complete-set check).
CREATE OR REPLACE FUNCTION section_in_set(p_section_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM sections s WHERE s.id = p_section_id AND s.linked_section_id IS NOT NULL)
      OR EXISTS (SELECT 1 FROM sections s WHERE s.linked_section_id = p_section_id)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION section_meetings_json(p_section_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  -- A part of the term (half-term sections) adds its dates; a meeting of the whole term carries none.
  SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('day', m.day, 'startsAt', to_char(m.starts_at, 'HH24:MI'),
                                                                 'endsAt', to_char(m.ends_at, 'HH24:MI'),
                                                                 'startsOn', m.starts_on, 'endsOn', m.ends_on))
                            ORDER BY m.day, m.starts_at, m.starts_on NULLS FIRST), '[]'::jsonb)
  FROM section_meetings m WHERE m.section_id = p_section_id
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION section_meetings_reach_students()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  accepting text := coalesce(current_setting('curriculab.accept_conflicts', true), '');
  accepted integer[];
  other record;
  new_starts date;
  new_ends date;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM student_meetings WHERE meeting_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;
  -- The meeting's dates, resolved as the student's rows keep them (its own, else the term's class dates).
  SELECT coalesce(NEW.starts_on, t.classes_start_on), coalesce(NEW.ends_on, t.classes_end_on) INTO new_starts, new_ends
    FROM sections s JOIN terms t ON t.id = s.term_id WHERE s.id = NEW.section_id;

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
     AND daterange(sm.starts_on, sm.ends_on, '[]') && daterange(new_starts, new_ends, '[]')
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
                                starts_on, ends_on, exempt, accepted_conflict)
  SELECT ss.enrollment_id, NEW.id, ss.student_id, ss.term_id, ss.section_id, NEW.day, NEW.starts_at, NEW.ends_at,
         new_starts, new_ends, ss.time_exempt,
         accepting <> '' AND NOT ss.time_exempt AND EXISTS (
           SELECT 1 FROM student_meetings sm
            WHERE sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
              AND sm.day = NEW.day AND NOT sm.exempt
              AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at)
              AND daterange(sm.starts_on, sm.ends_on, '[]') && daterange(new_starts, new_ends, '[]'))
    FROM student_seats ss WHERE ss.section_id = NEW.section_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION section_meetings_record_accepted_conflicts()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
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
     AND daterange(o.starts_on, o.ends_on, '[]') && daterange(sm.starts_on, sm.ends_on, '[]')
   GROUP BY sm.student_id, sm.section_id
   ORDER BY sm.student_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- At commit: a section linked, unlinked or given another component leaves every student holding it or the
-- sections it links to with complete sets (a lab added to a lecture that has students and no labs is refused).
CREATE OR REPLACE FUNCTION sections_complete_sets()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  holder record;
BEGIN
  FOR holder IN
    SELECT DISTINCT e.student_id FROM enrollments e
     WHERE e.section_id IN (NEW.id, NEW.linked_section_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.linked_section_id END)
       AND enrollment_holds_seat(e.completion_status)
     ORDER BY e.student_id
  LOOP
    PERFORM rule_incomplete_set(holder.student_id, NEW.course_id, NEW.term_id);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A link joins a section to another of the same course and term with another component; a held section keeps its
-- component and credits (the students' derived seats carry them, as courses_guard_credits keeps a course's).
CREATE OR REPLACE FUNCTION sections_guard_structure()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.linked_section_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM sections p WHERE p.id = NEW.linked_section_id AND p.course_id = NEW.course_id
          AND p.term_id = NEW.term_id AND p.component <> NEW.component) THEN
    RAISE EXCEPTION 'section % may link only to a section of its course and term with another component', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_link_same_course';
  END IF;
  IF TG_OP = 'UPDATE' AND EXISTS (
       SELECT 1 FROM sections c WHERE c.linked_section_id = NEW.id
          AND (c.course_id <> NEW.course_id OR c.term_id <> NEW.term_id OR c.component = NEW.component)) THEN
    RAISE EXCEPTION 'sections linked to % must stay of its course and term with another component', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_link_same_course';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.enrolled_count > 0
     AND (NEW.component IS DISTINCT FROM OLD.component OR NEW.credits IS DISTINCT FROM OLD.credits) THEN
    RAISE EXCEPTION 'section % has % seat(s) taken: its component and credits cannot change', OLD.id, OLD.enrolled_count
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_structure_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- A seat that met the rules: its derived rows (student_seats, student_meetings, the term's credits), under the
-- constraints that decide what two transactions of one student could otherwise both pass.
CREATE OR REPLACE FUNCTION student_seat_take(p_enrollment_id integer, p_student_id integer, p_section_id integer,
                                             p_course_id integer, p_term_id integer, p_credits numeric,
                                             p_time_exempt boolean, p_credits_exempt boolean)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, component, credits, time_exempt,
                             credits_exempt)
  SELECT p_enrollment_id, p_student_id, p_term_id, p_course_id, p_section_id, s.component, p_credits, p_time_exempt,
         p_credits_exempt
    FROM sections s WHERE s.id = p_section_id;
  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at,
                                starts_on, ends_on, exempt)
  SELECT p_enrollment_id, m.id, p_student_id, p_term_id, p_section_id, m.day, m.starts_at, m.ends_at,
         coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), p_time_exempt
    FROM section_meetings m JOIN terms t ON t.id = p_term_id WHERE m.section_id = p_section_id;
  UPDATE student_term_credits
     SET credits = credits + p_credits,
         exempt_credits = exempt_credits + CASE WHEN p_credits_exempt THEN p_credits ELSE 0 END
   WHERE student_id = p_student_id AND term_id = p_term_id;
END
$$;
--> statement-breakpoint
-- What one student's sets of one course and term lack, or NULL when they are complete (docs/decisions/0022): a held
-- section with a linked section needs that section held too; a held section that others link to needs exactly one
-- of them held for each of their components. The first gap, as the refusal's facts.
CREATE OR REPLACE FUNCTION student_set_gap(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  WITH held AS (
    SELECT s.id, s.linked_section_id FROM enrollments e JOIN sections s ON s.id = e.section_id
     WHERE e.student_id = p_student_id AND s.course_id = p_course_id AND s.term_id = p_term_id
       AND enrollment_holds_seat(e.completion_status))
  SELECT jsonb_build_object('sectionId', g.section_id, 'section', section_label(g.section_id), 'component', g.component,
                            'choices', g.choices)
    FROM (
      SELECT h.id AS section_id, p.component, jsonb_build_array(jsonb_build_object('id', p.id, 'code', p.code)) AS choices
        FROM held h JOIN sections p ON p.id = h.linked_section_id
       WHERE p.id NOT IN (SELECT id FROM held)
      UNION ALL
      SELECT h.id, c.component, jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code) ORDER BY c.code)
        FROM held h JOIN sections c ON c.linked_section_id = h.id
       GROUP BY h.id, c.component
      HAVING count(*) FILTER (WHERE c.id IN (SELECT id FROM held)) <> 1) g
   ORDER BY g.section_id, g.component LIMIT 1
$$;
--> statement-breakpoint
-- The sections a student holds in the same set as p_section_id: the held sections reached from it through links,
-- either way (a lab, its lecture, the lecture's other components). Empty when the student does not hold it.
CREATE OR REPLACE FUNCTION student_set_sections(p_student_id integer, p_section_id integer)
 RETURNS integer[]
 LANGUAGE sql
 STABLE
AS $$
  WITH RECURSIVE held AS (
    SELECT s.id, s.linked_section_id FROM enrollments e JOIN sections s ON s.id = e.section_id
      JOIN sections x ON x.id = p_section_id AND x.course_id = s.course_id AND x.term_id = s.term_id
     WHERE e.student_id = p_student_id AND enrollment_holds_seat(e.completion_status)),
  walk(id, linked) AS (
    SELECT id, linked_section_id FROM held WHERE id = p_section_id
    UNION
    SELECT h.id, h.linked_section_id FROM walk w JOIN held h ON h.linked_section_id = w.id OR h.id = w.linked)
  SELECT coalesce(array_agg(DISTINCT id ORDER BY id), '{}') FROM walk
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION waitlist_promote(p_section_id integer)
 RETURNS integer
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
    -- A cross-listed section also needs room in the shared capacity (docs/decisions/0025).
    SELECT least(s.capacity - s.enrolled_count, coalesce(cross_list_free_seats(s.cross_list_id), s.capacity)) INTO free
      FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
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
--> statement-breakpoint
-- A promotion's set, judged inside its subtransaction (a refusal at commit would undo the freeing transaction).
CREATE OR REPLACE FUNCTION waitlist_promote_set_check(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
BEGIN
  IF section_in_set(p_section_id) THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = p_section_id;
    PERFORM rule_incomplete_set(p_student_id, sec.course_id, sec.term_id);
  END IF;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER enrollments_complete_set AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id, student_id ON enrollments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION enrollments_complete_set();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER sections_complete_sets AFTER INSERT OR UPDATE OF linked_section_id, component ON sections DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sections_complete_sets();
--> statement-breakpoint
CREATE TRIGGER sections_guard_structure BEFORE INSERT OR UPDATE OF linked_section_id, component, credits, course_id, term_id ON sections FOR EACH ROW EXECUTE FUNCTION sections_guard_structure();
--> statement-breakpoint
DROP FUNCTION student_seat_take(p_enrollment_id integer, p_student_id integer, p_section_id integer, p_course_id integer, p_term_id integer, p_credits integer, p_time_exempt boolean, p_credits_exempt boolean);
