-- docs/decisions/0012: the enrollment history. Every change of a seat or a waitlist place (and every rule override)
-- writes one row to enrollment_events, from triggers, in the transaction of the change: whatever path made it (the
-- app, a promotion inside a trigger, psql). A refused change rolls back and leaves no event.
--
-- Transaction-local settings read here (set_config(…, true): they end with the transaction, so a pooled connection
-- (PgBouncer, transaction mode) never carries them to someone else's transaction):
--   curriculab.actor_id       the signed-in user the app acts for; unset (psql) records no actor.
--   curriculab.swap           'student:from:to' while a swap (the app's, or a promotion's swapFrom) is under way;
--                             ':event' is added once the old seat's release has written the swap's one event.
--   curriculab.seat_freed_by  the id of the last event that gave a seat back, or 'capacity' for a capacity raise:
--                             what a promotion cites as the seat it filled.

CREATE TYPE "public"."enrollment_event_kind" AS ENUM('enrolled', 'dropped', 'withdrawn', 'completed', 'waitlisted', 'waitlist_left', 'promoted', 'swapped', 'override_granted', 'override_revoked');
--> statement-breakpoint

CREATE TABLE "enrollment_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "enrollment_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"student_id" integer NOT NULL,
	"section_id" integer NOT NULL,
	"kind" "enrollment_event_kind" NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_section_id" integer,
	"released_as" text,
	"position" integer,
	"freed_by_event_id" bigint,
	"cause" text,
	CONSTRAINT "enrollment_events_released_as_known" CHECK ("released_as" IN ('dropped', 'withdrawn'))
);
--> statement-breakpoint

CREATE INDEX "enrollment_events_student_idx" ON "enrollment_events" USING btree ("student_id", "id");
--> statement-breakpoint
CREATE INDEX "enrollment_events_section_idx" ON "enrollment_events" USING btree ("section_id", "id");
--> statement-breakpoint

-- Append-only, for every role: the app's role has no right to change or remove a row (nor to write one: only the
-- triggers below, running as their owner, do), and these triggers refuse the owner and superusers too.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "enrollment_events" FROM "curriculab_app";
--> statement-breakpoint

CREATE FUNCTION "enrollment_events_append_only"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'enrollment_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'enrollment_events_append_only',
          HINT = 'The history records what happened; a correction is a new change, which writes its own event.';
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollment_events_append_only"
BEFORE UPDATE OR DELETE ON "enrollment_events"
FOR EACH ROW EXECUTE FUNCTION "enrollment_events_append_only"();
--> statement-breakpoint

CREATE TRIGGER "enrollment_events_no_truncate"
BEFORE TRUNCATE ON "enrollment_events"
FOR EACH STATEMENT EXECUTE FUNCTION "enrollment_events_append_only"();
--> statement-breakpoint

CREATE FUNCTION "curriculab_actor"() RETURNS integer
LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('curriculab.actor_id', true), '')::integer $$;
--> statement-breakpoint

-- What a promotion cites as the seat it filled: the event that gave it back (its kind is the cause: dropped,
-- withdrawn, swapped, promoted — a promoted swap releasing its old seat), or a capacity raise.
CREATE FUNCTION "enrollment_event_freed_seat"(p_freed text, OUT event_id bigint, OUT cause text)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_freed = 'capacity' THEN
    cause := 'capacity_raised';
  ELSIF p_freed IS NOT NULL THEN
    event_id := p_freed::bigint;
    SELECT e.kind::text INTO cause FROM enrollment_events e WHERE e.id = event_id;
  END IF;
END
$$;
--> statement-breakpoint

-- One event per row change of enrollments. A swap is one event ('swapped', or 'promoted' when a promotion carried
-- it), written when the old seat is released and naming both seats; the new seat's INSERT then writes nothing. A
-- seat given back leaves its event's id in curriculab.seat_freed_by for the promotion that may follow
-- (enrollments_waitlist_follow_seats fires after this trigger: trigger names order them).
CREATE FUNCTION "enrollments_record_event"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  mode text := coalesce(current_setting('curriculab.waitlist_mode', true), '');
  swap text[] := string_to_array(nullif(current_setting('curriculab.swap', true), ''), ':');
  old_holds boolean := TG_OP <> 'INSERT' AND enrollment_holds_seat(OLD.completion_status);
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

  IF TG_OP = 'UPDATE' AND NEW.section_id <> OLD.section_id THEN
    -- Only psql moves a row between sections: recorded as a swap that keeps the row's status.
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, from_section_id)
    VALUES (NEW.student_id, NEW.section_id, 'swapped', curriculab_actor(), OLD.section_id)
    RETURNING id INTO event_id;
  ELSIF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.completion_status = 'withdrawn') THEN
    IF old_holds AND swap IS NOT NULL AND swap[1]::integer = OLD.student_id AND swap[2]::integer = OLD.section_id THEN
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

  IF old_holds AND (TG_OP = 'DELETE' OR NOT enrollment_holds_seat(NEW.completion_status) OR NEW.section_id <> OLD.section_id) THEN
    PERFORM set_config('curriculab.seat_freed_by', event_id::text, true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_record_event"
AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_record_event"();
--> statement-breakpoint

-- Joining records the place taken (and a swapFrom); leaving records who took the student off. An entry deleted
-- because the student now holds that seat (enrollments_waitlist_follow_seats) is not a leaving: the 'enrolled' or
-- 'promoted' event already says it.
CREATE FUNCTION "waitlist_entries_record_event"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position, from_section_id)
    VALUES (NEW.student_id, NEW.section_id, 'waitlisted', curriculab_actor(), NEW.position, NEW.swap_from_section_id);
  ELSIF NOT EXISTS (SELECT 1 FROM enrollments e
                     WHERE e.student_id = OLD.student_id AND e.section_id = OLD.section_id
                       AND enrollment_holds_seat(e.completion_status)) THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, position)
    VALUES (OLD.student_id, OLD.section_id, 'waitlist_left', curriculab_actor(), OLD.position);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "waitlist_entries_record_event"
AFTER INSERT OR DELETE ON "waitlist_entries"
FOR EACH ROW EXECUTE FUNCTION "waitlist_entries_record_event"();
--> statement-breakpoint

-- A revoked override is deleted from rule_overrides; the history keeps that it was granted, by whom, and revoked.
CREATE FUNCTION "rule_overrides_record_event"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause)
    VALUES (NEW.student_id, NEW.section_id, 'override_granted', coalesce(curriculab_actor(), NEW.granted_by), NEW.rule::text);
  ELSE
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause)
    VALUES (OLD.student_id, OLD.section_id, 'override_revoked', curriculab_actor(), OLD.rule::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "rule_overrides_record_event"
AFTER INSERT OR DELETE ON "rule_overrides"
FOR EACH ROW EXECUTE FUNCTION "rule_overrides_record_event"();
--> statement-breakpoint

-- drizzle/0005's promotion, now telling the history what each promotion filled: the seat-freeing event current
-- when it was called (captured first: a promoted swap releasing its old seat sets a new one), and the swap it
-- carries. Both settings are restored after each attempt; a refused attempt's sub-block rolls them back itself.
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

-- A capacity raise is the cause of the promotions it makes.
CREATE OR REPLACE FUNCTION "sections_capacity_promotes_waitlist"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', 'capacity', true);
  PERFORM waitlist_promote(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- What exists already is the history's starting point (no actor, cause 'before_history'), so a replay of the
-- events reproduces the seats and waitlists of an upgraded database too (db:check).
INSERT INTO "enrollment_events" (student_id, section_id, kind, at, cause)
SELECT e.student_id, e.section_id, e.completion_status::text::enrollment_event_kind, e.updated_at, 'before_history'
  FROM enrollments e ORDER BY e.id;
--> statement-breakpoint
INSERT INTO "enrollment_events" (student_id, section_id, kind, at, position, from_section_id, cause)
SELECT w.student_id, w.section_id, 'waitlisted', w.joined_at, w.position, w.swap_from_section_id, 'before_history'
  FROM waitlist_entries w ORDER BY w.section_id, w.position;
