-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
-- Seats left in a cross-list's shared capacity; NULL for a section in none.
CREATE OR REPLACE FUNCTION cross_list_free_seats(p_cross_list_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$ SELECT c.capacity - c.held FROM cross_lists c WHERE c.id = p_cross_list_id $$;
--> statement-breakpoint
-- The labels of a cross-list's member sections, in code order: what a full cross-list's refusal names.
CREATE OR REPLACE FUNCTION cross_list_sections(p_cross_list_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(jsonb_agg(section_label(s.id) ORDER BY section_label(s.id)), '[]'::jsonb)
    FROM sections s WHERE s.cross_list_id = p_cross_list_id
$$;
--> statement-breakpoint
-- A shared capacity raised frees seats in every member: the earliest waiting students of the cross-list get them.
CREATE OR REPLACE FUNCTION cross_lists_capacity_promotes_waitlist()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  member integer;
BEGIN
  SELECT s.id INTO member FROM sections s WHERE s.cross_list_id = NEW.id ORDER BY s.id LIMIT 1;
  IF FOUND THEN
    PERFORM section_seats_freed(member, 'capacity');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- cross_lists.held is derived from the member sections' seats, like sections.enrolled_count.
CREATE OR REPLACE FUNCTION cross_lists_guard_held()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.held <> 0)
     OR (TG_OP = 'UPDATE' AND NEW.held IS DISTINCT FROM OLD.held AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'cross_lists.held is derived from the member sections'' seats and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'cross_lists_held_derived',
            HINT = 'Insert, update or delete enrollments instead; the triggers keep the count.';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION enrollment_event_freed_seat(p_freed text, OUT event_id bigint, OUT cause text)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
AS $$
BEGIN
  IF p_freed = 'capacity' THEN
    cause := 'capacity_raised';
  ELSIF p_freed = 'reservation' THEN
    cause := 'reserved_released';
  ELSIF p_freed IS NOT NULL THEN
    event_id := p_freed::bigint;
    SELECT e.kind::text INTO cause FROM enrollment_events e WHERE e.id = event_id;
  END IF;
END
$$;
--> statement-breakpoint
-- The registration rules (docs/decisions/0008), decided in the enrolling transaction: a seat lost releases the
-- student's derived rows; a seat gained meets every rule, one function each, in this order (the first refusal is
-- the answer): appointment_not_reached (the student's own seats only: not a registrar's placement nor a promotion,
-- docs/decisions/0025), registration_hold, already_in_course, prerequisite_missing, time_conflict, credit_limit; then the
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
-- BEFORE the row changes: a seat gained or lost in a section with a waitlist locks the section row first, so a
-- walk-in and a promotion are decided one after the other; a walk-in while an eligible student waits (one with a
-- seat free for them) is refused.
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
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL
                    -- Seats reserved for a group no waiting student is in are the group's (docs/decisions/0025).
                    AND section_seats_free_for(NEW.section_id, w.student_id) > 0)
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
-- which section is full without another query; the CHECK stays the authority for every other write. Reserved seats
-- and cross-lists are decided around it (section_seat_take, section_seat_give_back; docs/decisions/0025).
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
    PERFORM section_seat_give_back(OLD.student_id, OLD.section_id);
  END IF;
  IF change.gains THEN
    PERFORM section_seat_take(NEW.student_id, NEW.section_id);
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
     AND EXISTS (SELECT 1 FROM waitlist_entries w JOIN sections s ON s.id = w.section_id
                  WHERE s.id = OLD.section_id
                     OR s.cross_list_id = (SELECT o.cross_list_id FROM sections o WHERE o.id = OLD.section_id)) THEN
    PERFORM waitlist_promote_freed(OLD.section_id);  -- across the cross-list, if any (docs/decisions/0025)
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
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
--> statement-breakpoint
-- The group a reservation holds seats for, in words: "seniors", "Physics majors", "senior Physics majors".
CREATE OR REPLACE FUNCTION section_reservation_group(p_class_standing class_standing, p_major text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $$
  SELECT CASE WHEN p_major IS NULL THEN p_class_standing::text || 's'
              WHEN p_class_standing IS NULL THEN p_major || ' majors'
              ELSE p_class_standing::text || ' ' || p_major || ' majors' END
$$;
--> statement-breakpoint
-- A student belongs to a reservation's group when their profile has its class standing and its major (each, when
-- named); a student without a profile belongs to none.
CREATE OR REPLACE FUNCTION section_reservation_matches(p_reservation_id integer, p_student_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM section_reservations r JOIN student_profiles p ON p.student_id = p_student_id
                  WHERE r.id = p_reservation_id
                    AND (r.class_standing IS NULL OR r.class_standing = p.class_standing)
                    AND (r.major IS NULL OR r.major = p.major))
$$;
--> statement-breakpoint
-- A reservation's seats not yet taken by its group (section_reservation_seats counts the members holding one).
CREATE OR REPLACE FUNCTION section_reservation_open(p_reservation_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$
  SELECT r.seats - (SELECT count(*)::integer FROM section_reservation_seats rs WHERE rs.reservation_id = r.id)
    FROM section_reservations r WHERE r.id = p_reservation_id
$$;
--> statement-breakpoint
-- The one place a reservation's release is applied, whether the registrar released it early (UPDATE … SET
-- released_at = now()) or its released_at passed (section_reservations_release_due): its open seats become
-- ordinary ones and the waitlist behind them is promoted. A notice of the release belongs here.
CREATE OR REPLACE FUNCTION section_reservation_released(p_reservation_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM section_reserved_seats_recount(p_section_id);
END
$$;
--> statement-breakpoint
-- BEFORE a reservation is written: `released` is derived from released_at by the database clock (a release due now
-- is applied by this very statement; one due later by section_reservations_release_due), and a reservation stays
-- with its section.
CREATE OR REPLACE FUNCTION section_reservations_derive()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.section_id <> OLD.section_id THEN
    RAISE EXCEPTION 'a reservation stays with its section'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'section_reservations_section_fixed',
            HINT = 'Delete the reservation and add one to the other section.';
  END IF;
  NEW.released := NEW.released_at <= now();
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- AFTER a reservation changes: a release goes through section_reservation_released; any other change recounts the
-- section's open reserved seats (a new reservation larger than the seats left is refused by
-- sections_reserved_seats_within_capacity).
CREATE OR REPLACE FUNCTION section_reservations_follow()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.released AND NOT OLD.released THEN
    PERFORM section_reservation_released(NEW.id, NEW.section_id);
  ELSE
    PERFORM section_reserved_seats_recount(CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The sweep (docs/decisions/0025): applies every release whose released_at has passed and is not applied yet, each
-- through the reservation triggers, so its waitlist is promoted in this transaction. Run every few seconds by each
-- app server (lib/reservation-sweep.ts); concurrent sweeps skip the rows another one holds. Returns how many.
CREATE OR REPLACE FUNCTION section_reservations_release_due()
 RETURNS integer
 LANGUAGE plpgsql
AS $$
DECLARE
  due integer;
BEGIN
  WITH picked AS (
    SELECT r.id FROM section_reservations r WHERE NOT r.released AND r.released_at <= now()
     ORDER BY r.id FOR NO KEY UPDATE SKIP LOCKED)
  UPDATE section_reservations r SET released_at = r.released_at FROM picked WHERE r.id = picked.id;
  GET DIAGNOSTICS due = ROW_COUNT;
  RETURN due;
END
$$;
--> statement-breakpoint
-- sections.reserved_open, recounted under the section's row lock after any change of its reservations: the seats of
-- the reservations not released, less those their members hold. Fewer reserved seats open is a freed seat: the
-- waitlist is promoted in the same transaction (docs/decisions/0025), before any walk-in can see it. SECURITY
-- DEFINER like the count trigger: the app role may not write sections.reserved_open itself.
CREATE OR REPLACE FUNCTION section_reserved_seats_recount(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  before integer;
  after integer;
BEGIN
  SELECT s.reserved_open INTO before FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;  -- the section is being deleted with its reservations
  END IF;
  SELECT coalesce(sum(greatest(section_reservation_open(r.id), 0)), 0)::integer INTO after
    FROM section_reservations r WHERE r.section_id = p_section_id AND NOT r.released;
  IF after = before THEN
    RETURN;
  END IF;
  UPDATE sections SET reserved_open = after WHERE id = p_section_id;
  IF after < before THEN
    PERFORM section_seats_freed(p_section_id, 'reservation');
  END IF;
END
$$;
--> statement-breakpoint
-- The other half of section_seat_take, after the count trigger gave the seat back: a reserved seat returns to its
-- group while the reservation holds, and the cross-list's shared count follows.
CREATE OR REPLACE FUNCTION section_seat_give_back(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  returned record;
BEGIN
  DELETE FROM section_reservation_seats rs USING section_reservations r
   WHERE rs.reservation_id = r.id AND r.section_id = p_section_id AND rs.student_id = p_student_id
  RETURNING r.id, r.released INTO returned;
  IF FOUND THEN
    IF NOT returned.released THEN
      UPDATE sections SET reserved_open = reserved_open + 1 WHERE id = p_section_id;
    END IF;
  END IF;
  UPDATE cross_lists c SET held = c.held - 1 FROM sections s WHERE s.id = p_section_id AND c.id = s.cross_list_id;
END
$$;
--> statement-breakpoint
-- Reserved seats and cross-lists (docs/decisions/0025), decided under the section's row lock just before the count
-- trigger takes the seat. A member of a group whose reserved seats are open takes one of them: the member's row in
-- section_reservation_seats and the section's reserved_open move together, so sections_reserved_seats_within_capacity
-- holds (the reservation's own row is never locked here, so a release racing an enrollment cannot deadlock). Anyone
-- else needs a seat outside the open reserved ones, else seats_reserved names the group and its release. A
-- cross-listed section also needs a seat of the shared capacity (cross_lists_held_within_capacity).
CREATE OR REPLACE FUNCTION section_seat_take(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
  held_for record;
BEGIN
  SELECT s.capacity, s.enrolled_count, s.reserved_open, s.cross_list_id INTO sec
    FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF coalesce(current_setting('curriculab.waitlist_mode', true), '') = 'probe' THEN
    -- The rules have let the student in; the probe ends at the capacity CHECK (waitlist_probe_rules).
    RAISE EXCEPTION 'probe' USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity';
  END IF;
  IF sec.reserved_open > 0 THEN
    SELECT r.id INTO held_for FROM section_reservations r
     WHERE r.section_id = p_section_id AND NOT r.released AND section_reservation_open(r.id) > 0
       AND section_reservation_matches(r.id, p_student_id)
     ORDER BY r.released_at, r.id LIMIT 1;
    IF FOUND THEN
      INSERT INTO section_reservation_seats (reservation_id, student_id) VALUES (held_for.id, p_student_id);
      UPDATE sections SET reserved_open = reserved_open - 1 WHERE id = p_section_id;
    ELSIF sec.enrolled_count < sec.capacity AND sec.enrolled_count + sec.reserved_open >= sec.capacity THEN
      SELECT section_reservation_open(r.id) AS open, r.released_at,
             section_reservation_group(r.class_standing, r.major) AS "group" INTO held_for
        FROM section_reservations r
       WHERE r.section_id = p_section_id AND NOT r.released AND section_reservation_open(r.id) > 0
       ORDER BY r.released_at, r.id LIMIT 1;
      RAISE EXCEPTION 'the seats left in section % are reserved', p_section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_reserved_seats_within_capacity',
              DETAIL = jsonb_build_object('rule', 'seats_reserved', 'sectionId', p_section_id,
                                          'section', section_label(p_section_id), 'group', held_for."group",
                                          'seats', held_for.open, 'releasedAt', held_for.released_at)::text;
    END IF;
  END IF;
  IF sec.cross_list_id IS NOT NULL THEN
    UPDATE cross_lists SET held = held + 1 WHERE id = sec.cross_list_id AND held < capacity;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'cross-list % is full', sec.cross_list_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'cross_lists_held_within_capacity',
              DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', p_section_id,
                                          'section', section_label(p_section_id),
                                          'sharedWith', cross_list_sections(sec.cross_list_id))::text;
    END IF;
  END IF;
END
$$;
--> statement-breakpoint
-- The seats one student could take in a section now (docs/decisions/0025): the capacity left, less the reserved
-- seats still open to groups the student is not in, within the cross-list's shared capacity. The waitlist asks it.
CREATE OR REPLACE FUNCTION section_seats_free_for(p_section_id integer, p_student_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$
  SELECT least(s.capacity - s.enrolled_count - s.reserved_open
                 + coalesce((SELECT max(section_reservation_open(r.id)) FROM section_reservations r
                              WHERE r.section_id = s.id AND NOT r.released
                                AND section_reservation_matches(r.id, p_student_id)), 0),
               coalesce(cross_list_free_seats(s.cross_list_id), s.capacity))
    FROM sections s WHERE s.id = p_section_id
$$;
--> statement-breakpoint
-- A seat freed in a section other than by an enrollment (a release; a cross-list's capacity raised): promote the
-- waitlist, across the whole cross-list when the section is in one. `p_freed_by` is what the history records.
CREATE OR REPLACE FUNCTION section_seats_freed(p_section_id integer, p_freed_by text)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  previous text := coalesce(current_setting('curriculab.seat_freed_by', true), '');
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', p_freed_by, true);
  PERFORM waitlist_promote_freed(p_section_id);
  PERFORM set_config('curriculab.seat_freed_by', previous, true);
END
$$;
--> statement-breakpoint
-- sections.reserved_open is derived from the section's reservations and the members holding their seats.
CREATE OR REPLACE FUNCTION sections_guard_reserved_open()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.reserved_open <> 0)
     OR (TG_OP = 'UPDATE' AND NEW.reserved_open IS DISTINCT FROM OLD.reserved_open AND pg_trigger_depth() < 2) THEN
    RAISE EXCEPTION 'sections.reserved_open is derived from section_reservations and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_reserved_open_derived',
            HINT = 'Insert, update or delete section_reservations or enrollments instead; the triggers keep it.';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- BEFORE a section joins or leaves a cross-list (docs/decisions/0025): members share one term, and the seats the
-- section holds move from the old list's count to the new one's, under cross_lists_held_within_capacity.
CREATE OR REPLACE FUNCTION sections_join_cross_list()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.cross_list_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM cross_lists c WHERE c.id = NEW.cross_list_id AND c.term_id = NEW.term_id) THEN
    IF NOT EXISTS (SELECT 1 FROM cross_lists c WHERE c.id = NEW.cross_list_id) THEN
      RETURN NEW;  -- the foreign key reports the missing cross-list
    END IF;
    RAISE EXCEPTION 'section % is not in the term of cross-list %', NEW.id, NEW.cross_list_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_cross_list_same_term';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.cross_list_id IS NOT NULL THEN
    UPDATE cross_lists SET held = held - OLD.enrolled_count WHERE id = OLD.cross_list_id;
  END IF;
  IF NEW.cross_list_id IS NOT NULL AND NEW.enrolled_count > 0 THEN
    UPDATE cross_lists SET held = held + NEW.enrolled_count WHERE id = NEW.cross_list_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
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
-- A freed seat in a cross-listed section is the whole cross-list's (docs/decisions/0025): its members are promoted in
-- the order of their earliest waiting student, each while both its own capacity and the shared one have room. A
-- section in no cross-list promotes its own waitlist.
CREATE OR REPLACE FUNCTION waitlist_promote_freed(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  list integer;
  member record;
BEGIN
  SELECT s.cross_list_id INTO list FROM sections s WHERE s.id = p_section_id;
  IF list IS NULL THEN
    PERFORM waitlist_promote(p_section_id);
    RETURN;
  END IF;
  FOR member IN
    SELECT s.id FROM sections s
      JOIN LATERAL (SELECT min(w.joined_at) AS first FROM waitlist_entries w WHERE w.section_id = s.id) w ON true
     WHERE s.cross_list_id = list AND w.first IS NOT NULL
     ORDER BY w.first, s.id
  LOOP
    EXIT WHEN cross_list_free_seats(list) <= 0;
    PERFORM waitlist_promote(member.id);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cross_lists_capacity_promotes_waitlist AFTER UPDATE OF capacity ON cross_lists FOR EACH ROW WHEN ((new.capacity > old.capacity)) EXECUTE FUNCTION cross_lists_capacity_promotes_waitlist();
--> statement-breakpoint
CREATE TRIGGER cross_lists_guard_held BEFORE INSERT OR UPDATE ON cross_lists FOR EACH ROW EXECUTE FUNCTION cross_lists_guard_held();
--> statement-breakpoint
CREATE TRIGGER section_reservation_seats_derived BEFORE INSERT OR DELETE OR UPDATE ON section_reservation_seats FOR EACH ROW WHEN ((pg_trigger_depth() = 0)) EXECUTE FUNCTION registration_rules_guard_derived();
--> statement-breakpoint
CREATE TRIGGER section_reservations_derive BEFORE INSERT OR UPDATE ON section_reservations FOR EACH ROW EXECUTE FUNCTION section_reservations_derive();
--> statement-breakpoint
CREATE TRIGGER section_reservations_follow AFTER INSERT OR DELETE OR UPDATE ON section_reservations FOR EACH ROW EXECUTE FUNCTION section_reservations_follow();
--> statement-breakpoint
CREATE TRIGGER sections_guard_reserved_open BEFORE INSERT OR UPDATE ON sections FOR EACH ROW EXECUTE FUNCTION sections_guard_reserved_open();
--> statement-breakpoint
CREATE TRIGGER sections_join_cross_list BEFORE INSERT OR UPDATE OF cross_list_id ON sections FOR EACH ROW EXECUTE FUNCTION sections_join_cross_list();
--> statement-breakpoint
-- hand-written: the registrar's form (as the app role) puts a section in a cross-list (docs/decisions/0025).
GRANT UPDATE ("cross_list_id") ON "sections" TO "curriculab_app";
