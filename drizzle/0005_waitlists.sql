CREATE TABLE "waitlist_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "waitlist_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"section_id" integer NOT NULL,
	"student_id" integer NOT NULL,
	"position" integer NOT NULL,
	"swap_from_section_id" integer,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"passed_over_reason" text,
	"passed_over_detail" text,
	"passed_over_at" timestamp with time zone,
	CONSTRAINT "waitlist_entries_section_student_key" UNIQUE("section_id","student_id"),
	CONSTRAINT "waitlist_entries_section_position_key" UNIQUE("section_id","position"),
	CONSTRAINT "waitlist_entries_position_positive" CHECK ("waitlist_entries"."position" > 0),
	CONSTRAINT "waitlist_entries_swap_from_other" CHECK ("waitlist_entries"."swap_from_section_id" IS DISTINCT FROM "waitlist_entries"."section_id")
);
--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "waitlist_capacity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "waitlist_last_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_swap_from_section_id_fkey" FOREIGN KEY ("swap_from_section_id") REFERENCES "public"."sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "waitlist_entries_student_idx" ON "waitlist_entries" USING btree ("student_id");--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_waitlist_capacity_nonnegative" CHECK ("sections"."waitlist_capacity" >= 0);--> statement-breakpoint
-- ===== hand-written from here (docs/decisions/0011) =====
--
-- Waitlists that promote in the transaction that frees the seat, and swaps. One lock order for every transaction
-- that changes seats or a waitlist: section rows in id order, then students (users, then their credit row).
-- `curriculab.waitlist_mode` (transaction-local) says what an enrollment change is part of: '' for an ordinary
-- one, 'promote' for a promotion (exempt from the walk-in rule), 'probe' for the rule check of a waitlist join
-- (rolled back; promotes no one).

-- A seat change in a section that has (or had) a waitlist takes the section's row first, before the rules lock the
-- student, so a promotion (which holds the section and then locks the promoted student) never waits in a cycle with
-- that student's own seat change there. Sections that never had a waitlist keep ADR 0008's order (student first,
-- section last), which keeps the rules outside the hot lock in a rush. The walk-in rule lives here too: while a
-- student the rules have not passed over waits, nobody else takes a seat except through a promotion.
CREATE FUNCTION "enrollments_lock_section_first"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  target_section integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
  old_holds boolean := TG_OP <> 'INSERT' AND enrollment_holds_seat(OLD.completion_status);
  new_holds boolean := TG_OP <> 'DELETE' AND enrollment_holds_seat(NEW.completion_status);
  gains boolean;
BEGIN
  gains := new_holds AND (NOT old_holds OR NEW.section_id <> OLD.section_id);
  IF NOT gains AND NOT (old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id)) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  PERFORM 1 FROM sections s
   WHERE s.id = target_section AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0)
     FOR NO KEY UPDATE;
  IF FOUND AND gains AND coalesce(current_setting('curriculab.waitlist_mode', true), '') = ''
     AND EXISTS (SELECT 1 FROM waitlist_entries w
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM enrollments e
                      WHERE e.student_id = NEW.student_id AND e.section_id = NEW.section_id
                        AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'section % has students waiting for its seats', NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_first_in_line',
            HINT = 'Join the waitlist; a freed seat goes to the first eligible student waiting.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_lock_section_first"
BEFORE INSERT OR DELETE OR UPDATE OF completion_status, section_id ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_lock_section_first"();
--> statement-breakpoint

-- A swap's old seat, released the way leaving it would be today: dropped before the term's drop deadline,
-- withdrawn after. Called during a promotion, which already holds another section: it must not wait for this one
-- (that would break the id order), so it takes the section and the seat NOWAIT; if either is busy the promotion
-- passes this student over for now ('swap_busy') and they keep their place.
CREATE FUNCTION "waitlist_release_swap_seat"(p_student_id integer, p_section_id integer) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  before_drop_deadline boolean;
BEGIN
  SELECT now() < t.drop_deadline INTO before_drop_deadline
    FROM sections s JOIN terms t ON t.id = s.term_id WHERE s.id = p_section_id FOR NO KEY UPDATE OF s NOWAIT;
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
--> statement-breakpoint

-- Gives a section's free seats to the first waiting students the rules allow, in position order. The caller holds
-- the section's row lock (every seat change and every capacity change takes it first), so nothing else changes the
-- queue or the count meanwhile. Each attempt runs in its own sub-block: a refusal rolls back only that student's
-- attempt (their old seat of a swap included), records why on their entry, and the loop moves on.
CREATE FUNCTION "waitlist_promote"(p_section_id integer) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
  previous_mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
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
        PERFORM waitlist_release_swap_seat(entry.student_id, entry.swap_from_section_id);
      END IF;
      INSERT INTO enrollments (student_id, section_id) VALUES (entry.student_id, p_section_id)
      ON CONFLICT ON CONSTRAINT enrollments_student_section_key
        DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn';
      DELETE FROM waitlist_entries WHERE id = entry.id;
      PERFORM set_config('curriculab.waitlist_mode', previous_mode, true);
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
      UPDATE waitlist_entries
         SET passed_over_reason = reason, passed_over_detail = nullif(failed_detail, ''), passed_over_at = now()
       WHERE id = entry.id;
    END;
  END LOOP;
  RETURN promoted;
END
$$;
--> statement-breakpoint

-- Follows every seat change: a student who gets a seat stops waiting for it; a seat given back goes at once to the
-- waitlist. Named to fire after enrollments_maintain_enrolled_count, so the count is current when it promotes.
CREATE FUNCTION "enrollments_waitlist_follow_seats"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  old_holds boolean := TG_OP <> 'INSERT' AND enrollment_holds_seat(OLD.completion_status);
  new_holds boolean := TG_OP <> 'DELETE' AND enrollment_holds_seat(NEW.completion_status);
BEGIN
  IF new_holds AND (NOT old_holds OR NEW.section_id <> OLD.section_id) THEN
    DELETE FROM waitlist_entries WHERE section_id = NEW.section_id AND student_id = NEW.student_id;
  END IF;
  IF old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id)
     AND coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'probe'
     AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.section_id = OLD.section_id) THEN
    PERFORM waitlist_promote(OLD.section_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_waitlist_follow_seats"
AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_waitlist_follow_seats"();
--> statement-breakpoint

-- A raised capacity, from the registrar's form or a bare UPDATE in psql, fills from the waitlist at once.
CREATE FUNCTION "sections_capacity_promotes_waitlist"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM waitlist_promote(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "sections_capacity_promotes_waitlist"
AFTER UPDATE OF capacity ON "sections"
FOR EACH ROW WHEN (NEW.capacity > OLD.capacity) EXECUTE FUNCTION "sections_capacity_promotes_waitlist"();
--> statement-breakpoint

-- Joining: the section(s) in id order, then the student; the same answers as enrolling for the rules, checked by
-- trying the seat in a sub-block that is always rolled back (with a swap's old seat released inside it, as at
-- promotion). The position is the section's counter bumped under its row lock: commit order, never reused.
-- Returns the student's place counted among those waiting (1 = next) and how many wait.
CREATE FUNCTION "waitlist_join"(p_section_id integer, p_student_id integer, p_swap_from integer)
RETURNS TABLE ("position" integer, "length" integer)
LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
  ticket integer;
  probe_constraint text;
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
  IF p_swap_from IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM enrollments e WHERE e.student_id = p_student_id AND e.section_id = p_swap_from
                                     AND e.completion_status = 'enrolled') THEN
    RAISE EXCEPTION 'student % holds no seat in section % to swap from', p_student_id, p_swap_from
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_swap_from_held';
  END IF;

  BEGIN
    PERFORM set_config('curriculab.waitlist_mode', 'probe', true);
    IF p_swap_from IS NOT NULL THEN
      DELETE FROM enrollments e
       WHERE e.student_id = p_student_id AND e.section_id = p_swap_from AND e.completion_status = 'enrolled';
    END IF;
    INSERT INTO enrollments (student_id, section_id) VALUES (p_student_id, p_section_id)
    ON CONFLICT ON CONSTRAINT enrollments_student_section_key
      DO UPDATE SET completion_status = 'enrolled' WHERE enrollments.completion_status = 'withdrawn';
    -- Unreachable while the section is full (checked above under its lock); raised anyway so the probe's seat can
    -- never survive.
    RAISE EXCEPTION 'probe' USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity';
  EXCEPTION WHEN check_violation OR unique_violation OR exclusion_violation THEN
    GET STACKED DIAGNOSTICS probe_constraint = CONSTRAINT_NAME;
    -- The rules ran before the count trigger: reaching the capacity CHECK means they let the student in.
    IF probe_constraint <> 'sections_enrolled_count_within_capacity' THEN
      RAISE;
    END IF;
  END;

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

-- Leaving (or a registrar's removal) takes the section first, like everything else that touches its queue.
CREATE FUNCTION "waitlist_leave"(p_section_id integer, p_student_id integer) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  DELETE FROM waitlist_entries w WHERE w.section_id = p_section_id AND w.student_id = p_student_id;
  RETURN FOUND;
END
$$;
--> statement-breakpoint

-- The app's restricted role (drizzle/0004_security.sql) may set a section's waitlist places; the position counter is
-- bumped by the waitlist functions running as the app's role, under the section's row lock.
GRANT UPDATE ("waitlist_capacity", "waitlist_last_position") ON "sections" TO "curriculab_app";
