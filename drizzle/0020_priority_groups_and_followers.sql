CREATE TABLE "priority_group_members" (
	"group_id" integer NOT NULL,
	"student_id" integer NOT NULL,
	CONSTRAINT "priority_group_members_pkey" PRIMARY KEY("group_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "priority_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "priority_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	CONSTRAINT "priority_groups_name_present" CHECK (length(btrim("priority_groups"."name")) BETWEEN 1 AND 80)
);
--> statement-breakpoint
ALTER TABLE "priority_group_members" ADD CONSTRAINT "priority_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "public"."priority_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_group_members" ADD CONSTRAINT "priority_group_members_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "priority_group_members_student_idx" ON "priority_group_members" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "priority_groups_name_key" ON "priority_groups" USING btree (lower("name"));--> statement-breakpoint
-- The rules below are written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
-- AFTER a section leaves a cross-list (docs/decisions/0025): the seats it held left the shared count, so they are
-- freed seats of the list, and its remaining members promote their earliest waiting students who fit, in the same
-- transaction. The section itself, no longer under the shared capacity, promotes its own waitlist (or its new list's).
CREATE OR REPLACE FUNCTION sections_leave_cross_list_promotes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  member integer;
BEGIN
  SELECT s.id INTO member FROM sections s WHERE s.cross_list_id = OLD.cross_list_id ORDER BY s.id LIMIT 1;
  IF FOUND THEN
    PERFORM section_seats_freed(member, 'capacity');
  END IF;
  PERFORM section_seats_freed(NEW.id, 'capacity');
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Class dates edited later (docs/decisions/0022): every seat's meeting that takes the term's dates (one without its
-- own) is re-resolved in the editing statement, under student_meetings_no_overlap. Dates that would make two of a
-- student's meetings overlap refuse the edit, naming the first such student and the two sections
-- (term_dates_conflict on the registrar's form); the EXCLUDE decides it either way. A meeting with one date of its own
-- whose other end the new dates would put before it (a first half ending before classes start) refuses the edit too
-- (term_dates_cut_meeting), instead of a range PostgreSQL cannot build.
-- The SHARE lock waits for every transaction writing seats' meetings to commit, and holds new ones until this one
-- does: a seat taken with the old dates while the edit runs would otherwise keep them (this trigger cannot see it
-- uncommitted). It stalls enrolling everywhere for the edit's few milliseconds; a registrar's class-date edit is
-- rare, and nothing is added to the enrolling path.
CREATE OR REPLACE FUNCTION terms_resolve_meeting_dates()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  clash record;
  cut integer;
BEGIN
  LOCK TABLE student_meetings IN SHARE MODE;
  SELECT m.section_id INTO cut
    FROM section_meetings m JOIN sections s ON s.id = m.section_id
   WHERE s.term_id = NEW.id AND (m.starts_on IS NULL) <> (m.ends_on IS NULL)
     AND coalesce(m.starts_on, NEW.classes_start_on) > coalesce(m.ends_on, NEW.classes_end_on)
   ORDER BY m.section_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the class dates of term % leave no day for a meeting of %', NEW.code, section_label(cut)
      USING ERRCODE = 'check_violation', CONSTRAINT = 'terms_class_dates_hold_meetings',
            DETAIL = jsonb_build_object('section', section_label(cut))::text;
  END IF;
  WITH resolved AS (
    SELECT sm.student_id, sm.section_id, sm.enrollment_id, sm.meeting_id, sm.day, sm.starts_at, sm.ends_at,
           coalesce(m.starts_on, NEW.classes_start_on) AS starts_on, coalesce(m.ends_on, NEW.classes_end_on) AS ends_on,
           (m.starts_on IS NULL OR m.ends_on IS NULL) AS moved
      FROM student_meetings sm JOIN section_meetings m ON m.id = sm.meeting_id
     WHERE sm.term_id = NEW.id AND NOT sm.exempt AND NOT sm.accepted_conflict)
  SELECT a.student_id, a.section_id AS one, b.section_id AS other INTO clash
    FROM resolved a
    JOIN resolved b
      ON b.student_id = a.student_id AND b.day = a.day AND b.section_id <> a.section_id
     AND meeting_time_range(a.starts_at, a.ends_at) && meeting_time_range(b.starts_at, b.ends_at)
     AND daterange(a.starts_on, a.ends_on, '[]') && daterange(b.starts_on, b.ends_on, '[]')
   WHERE a.moved
   ORDER BY a.student_id, a.section_id, b.section_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the class dates of term % would make % and % overlap for student %', NEW.code,
                    section_label(clash.one), section_label(clash.other), clash.student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('studentId', clash.student_id, 'section', section_label(clash.one),
                                        'conflictingSection', section_label(clash.other))::text;
  END IF;
  UPDATE student_meetings sm
     SET starts_on = coalesce(m.starts_on, NEW.classes_start_on), ends_on = coalesce(m.ends_on, NEW.classes_end_on)
    FROM section_meetings m
   WHERE sm.term_id = NEW.id AND m.id = sm.meeting_id AND (m.starts_on IS NULL OR m.ends_on IS NULL);
  RETURN NULL;
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
--> statement-breakpoint
-- A freed seat in a cross-listed section is the whole cross-list's (docs/decisions/0025): the list's waiting students
-- are tried one by one in the order they joined, whichever member they wait for, each while both its own capacity
-- and the shared one have room (so two freed seats go to the two earliest who fit, not to one member's first two).
-- A section in no cross-list promotes its own waitlist.
CREATE OR REPLACE FUNCTION waitlist_promote_freed(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  list integer;
  entry record;
BEGIN
  SELECT s.cross_list_id INTO list FROM sections s WHERE s.id = p_section_id;
  IF list IS NULL THEN
    PERFORM waitlist_promote(p_section_id);
    RETURN;
  END IF;
  FOR entry IN
    SELECT w.id, w.section_id FROM waitlist_entries w JOIN sections s ON s.id = w.section_id
     WHERE s.cross_list_id = list
     ORDER BY w.joined_at, w.id
  LOOP
    EXIT WHEN cross_list_free_seats(list) <= 0;
    PERFORM set_config('curriculab.promote_only', entry.id::text, true);
    PERFORM waitlist_promote(entry.section_id);
  END LOOP;
  PERFORM set_config('curriculab.promote_only', '', true);
END
$$;
--> statement-breakpoint
CREATE TRIGGER sections_leave_cross_list_promotes AFTER UPDATE OF cross_list_id ON sections FOR EACH ROW WHEN (((old.cross_list_id IS NOT NULL) AND (old.cross_list_id IS DISTINCT FROM new.cross_list_id))) EXECUTE FUNCTION sections_leave_cross_list_promotes();
--> statement-breakpoint
CREATE TRIGGER terms_resolve_meeting_dates AFTER UPDATE OF classes_start_on, classes_end_on ON terms FOR EACH ROW WHEN (((old.classes_start_on IS DISTINCT FROM new.classes_start_on) OR (old.classes_end_on IS DISTINCT FROM new.classes_end_on))) EXECUTE FUNCTION terms_resolve_meeting_dates();
