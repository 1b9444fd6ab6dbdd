-- Registration rules decided by PostgreSQL in the enrolling transaction (issue 10, docs/decisions/0008):
-- time conflicts, one seat per course per term, a credit maximum, prerequisites, registration holds and the
-- registrar's overrides. Each refusal is an error with a named constraint and a JSON DETAIL (db/rule-refusals.ts).
--
-- The first part is drizzle-kit's DDL for db/schema.ts; the rest is hand-written (range type, EXCLUDE constraints,
-- data conversion, triggers).
--
-- sections.meeting_days / start_time / end_time are KEPT for now: the app still reads them. section_meetings is the
-- truth the rules use; until the app edits meetings directly, the triggers sections_sync_legacy_meetings_* rewrite a
-- section's meetings whenever those three columns change. The app-side follow-up drops the three columns and that
-- trigger in a later migration.

CREATE TYPE "public"."overridable_rule" AS ENUM('time_conflict', 'prerequisite_missing', 'credit_limit');--> statement-breakpoint
CREATE TABLE "course_prerequisites" (
	"course_id" integer NOT NULL,
	"prerequisite_course_id" integer NOT NULL,
	CONSTRAINT "course_prerequisites_pkey" PRIMARY KEY("course_id","prerequisite_course_id"),
	CONSTRAINT "course_prerequisites_not_self" CHECK ("course_prerequisites"."course_id" <> "course_prerequisites"."prerequisite_course_id")
);
--> statement-breakpoint
CREATE TABLE "registration_holds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registration_holds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"student_id" integer NOT NULL,
	"reason" text NOT NULL,
	"placed_by" integer,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" integer,
	CONSTRAINT "registration_holds_reason_present" CHECK (btrim("registration_holds"."reason") <> ''),
	CONSTRAINT "registration_holds_lifted_after_placed" CHECK ("registration_holds"."lifted_at" IS NULL OR "registration_holds"."lifted_at" >= "registration_holds"."placed_at")
);
--> statement-breakpoint
CREATE TABLE "rule_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rule_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"student_id" integer NOT NULL,
	"section_id" integer NOT NULL,
	"rule" "overridable_rule" NOT NULL,
	"granted_by" integer NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "rule_overrides_student_section_rule_key" UNIQUE("student_id","section_id","rule")
);
--> statement-breakpoint
CREATE TABLE "section_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "section_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"section_id" integer NOT NULL,
	"day" smallint NOT NULL,
	"starts_at" time NOT NULL,
	"ends_at" time NOT NULL,
	CONSTRAINT "section_meetings_day_iso" CHECK ("section_meetings"."day" BETWEEN 1 AND 7),
	CONSTRAINT "section_meetings_time_ordered" CHECK ("section_meetings"."starts_at" < "section_meetings"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "student_meetings" (
	"enrollment_id" integer NOT NULL,
	"meeting_id" integer NOT NULL,
	"student_id" integer NOT NULL,
	"term_id" integer NOT NULL,
	"section_id" integer NOT NULL,
	"day" smallint NOT NULL,
	"starts_at" time NOT NULL,
	"ends_at" time NOT NULL,
	"exempt" boolean NOT NULL,
	CONSTRAINT "student_meetings_pkey" PRIMARY KEY("enrollment_id","meeting_id")
);
--> statement-breakpoint
CREATE TABLE "student_seats" (
	"enrollment_id" integer PRIMARY KEY NOT NULL,
	"student_id" integer NOT NULL,
	"term_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"section_id" integer NOT NULL,
	"credits" integer NOT NULL,
	"time_exempt" boolean NOT NULL,
	"credits_exempt" boolean NOT NULL,
	"grandfathered" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "student_term_credits" (
	"student_id" integer NOT NULL,
	"term_id" integer NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"exempt_credits" integer DEFAULT 0 NOT NULL,
	"max_credits" integer DEFAULT 18 NOT NULL,
	CONSTRAINT "student_term_credits_pkey" PRIMARY KEY("student_id","term_id"),
	CONSTRAINT "student_term_credits_within_max" CHECK ("student_term_credits"."credits" - "student_term_credits"."exempt_credits" <= "student_term_credits"."max_credits"),
	CONSTRAINT "student_term_credits_nonnegative" CHECK ("student_term_credits"."exempt_credits" >= 0 AND "student_term_credits"."exempt_credits" <= "student_term_credits"."credits" AND "student_term_credits"."max_credits" >= 0)
);
--> statement-breakpoint
ALTER TABLE "course_prerequisites" ADD CONSTRAINT "course_prerequisites_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_prerequisites" ADD CONSTRAINT "course_prerequisites_prerequisite_course_id_fkey" FOREIGN KEY ("prerequisite_course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_holds" ADD CONSTRAINT "registration_holds_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_holds" ADD CONSTRAINT "registration_holds_placed_by_fkey" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_holds" ADD CONSTRAINT "registration_holds_lifted_by_fkey" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_overrides" ADD CONSTRAINT "rule_overrides_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_overrides" ADD CONSTRAINT "rule_overrides_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_overrides" ADD CONSTRAINT "rule_overrides_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section_meetings" ADD CONSTRAINT "section_meetings_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_term_credits" ADD CONSTRAINT "student_term_credits_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_term_credits" ADD CONSTRAINT "student_term_credits_term_id_fkey" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_holds_active_idx" ON "registration_holds" USING btree ("student_id") WHERE "registration_holds"."lifted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "student_meetings_meeting_idx" ON "student_meetings" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "student_seats_one_per_course" ON "student_seats" USING btree ("student_id","term_id","course_id") WHERE NOT "student_seats"."grandfathered";--> statement-breakpoint
CREATE INDEX "student_seats_student_term_idx" ON "student_seats" USING btree ("student_id","term_id");--> statement-breakpoint
CREATE INDEX "student_seats_section_idx" ON "student_seats" USING btree ("section_id");
--> statement-breakpoint
-- ===== hand-written from here =====

-- btree_gist lets one EXCLUDE constraint mix equality on integers with overlap of time ranges.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint

CREATE FUNCTION "meeting_time_diff"(a time, b time) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT extract(epoch FROM a - b)::double precision $$;
--> statement-breakpoint

-- [starts_at, ends_at): back-to-back meetings (9:00–9:50, 9:50–10:40) do not overlap.
CREATE TYPE "meeting_time_range" AS RANGE (subtype = time, subtype_diff = meeting_time_diff);
--> statement-breakpoint

-- A section's own meetings never overlap, or its students would conflict with themselves.
ALTER TABLE "section_meetings" ADD CONSTRAINT "section_meetings_no_overlap"
  EXCLUDE USING gist ("section_id" WITH =, "day" WITH =, meeting_time_range("starts_at", "ends_at") WITH &&);
--> statement-breakpoint

-- The time-conflict invariant itself. Exempt rows (a time_conflict override, or a seat held before these rules)
-- stand outside it.
ALTER TABLE "student_meetings" ADD CONSTRAINT "student_meetings_no_overlap"
  EXCLUDE USING gist ("student_id" WITH =, "term_id" WITH =, "day" WITH =, meeting_time_range("starts_at", "ends_at") WITH &&)
  WHERE (NOT "exempt");
--> statement-breakpoint

-- Existing meeting text becomes rows: letters MTWRFSU are ISO days 1–7.
INSERT INTO "section_meetings" ("section_id", "day", "starts_at", "ends_at")
SELECT DISTINCT s.id, strpos('MTWRFSU', d.letter)::smallint, s.start_time, s.end_time
FROM "sections" s CROSS JOIN LATERAL regexp_split_to_table(s.meeting_days, '') AS d(letter)
WHERE s.meeting_days <> '' AND s.start_time IS NOT NULL AND s.end_time IS NOT NULL;
--> statement-breakpoint

-- Seats held before the rules: every one is kept. A seat that already breaks the one-per-course or no-overlap rule
-- is grandfathered (exempt from those two); a student already past 18 credits gets a maximum of their load.
INSERT INTO "student_seats" ("enrollment_id", "student_id", "term_id", "course_id", "section_id", "credits",
                             "time_exempt", "credits_exempt", "grandfathered")
WITH seat AS (
  SELECT e.id, e.student_id, s.term_id, s.course_id, s.id AS section_id, c.credits
  FROM "enrollments" e JOIN "sections" s ON s.id = e.section_id JOIN "courses" c ON c.id = s.course_id
  WHERE enrollment_holds_seat(e.completion_status)),
breaking AS (
  SELECT a.id FROM seat a JOIN seat b ON b.student_id = a.student_id AND b.term_id = a.term_id AND b.id <> a.id
  WHERE b.course_id = a.course_id
     OR EXISTS (SELECT 1 FROM "section_meetings" ma JOIN "section_meetings" mb ON mb.day = ma.day
                 AND meeting_time_range(mb.starts_at, mb.ends_at) && meeting_time_range(ma.starts_at, ma.ends_at)
                WHERE ma.section_id = a.section_id AND mb.section_id = b.section_id))
SELECT seat.id, seat.student_id, seat.term_id, seat.course_id, seat.section_id, seat.credits,
       seat.id IN (SELECT id FROM breaking), false, seat.id IN (SELECT id FROM breaking)
FROM seat;
--> statement-breakpoint

INSERT INTO "student_meetings" ("enrollment_id", "meeting_id", "student_id", "term_id", "section_id", "day", "starts_at", "ends_at", "exempt")
SELECT ss.enrollment_id, m.id, ss.student_id, ss.term_id, ss.section_id, m.day, m.starts_at, m.ends_at, ss.time_exempt
FROM "student_seats" ss JOIN "section_meetings" m ON m.section_id = ss.section_id;
--> statement-breakpoint

INSERT INTO "student_term_credits" ("student_id", "term_id", "credits", "max_credits")
SELECT student_id, term_id, sum(credits), greatest(18, sum(credits)) FROM "student_seats" GROUP BY student_id, term_id;
--> statement-breakpoint

-- "CS 101-002": how refusals name a section.
CREATE FUNCTION "section_label"(p_section_id integer) RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT c.subject || ' ' || c.number || '-' || s.code FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = p_section_id $$;
--> statement-breakpoint

CREATE FUNCTION "section_meetings_json"(p_section_id integer) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('day', m.day, 'startsAt', to_char(m.starts_at, 'HH24:MI'), 'endsAt', to_char(m.ends_at, 'HH24:MI'))
                            ORDER BY m.day, m.starts_at), '[]'::jsonb)
  FROM section_meetings m WHERE m.section_id = p_section_id
$$;
--> statement-breakpoint

-- The rules, run for every change of a seat (ADR 0008). A seat is gained by an INSERT of a seat-holding row or an
-- UPDATE that makes one seat-holding (or moves it to another section or student); enrolled <-> completed keeps it.
-- Named AFTER trigger "enrollments_apply_registration_rules" fires before "enrollments_maintain_enrolled_count"
-- (alphabetical order), so all of the student's work is done before the section's row lock, the hot one in a rush.
--
-- Lock order for a new seat: the section FOR KEY SHARE (pins course, term and meetings: changing those takes
-- FOR UPDATE), then the student's users row FOR NO KEY UPDATE (serialises the student's new seats with each other
-- and with a hold being placed), then the student's term credit row, then the section's row for the count.
-- Checks read after those locks, so under READ COMMITTED they see every seat committed before.
CREATE FUNCTION "enrollments_apply_registration_rules"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  old_holds boolean := false;
  new_holds boolean := false;
  gains boolean;
  loses boolean;
  sec record;
  seat record;
  hold record;
  other record;
  load record;
  missing jsonb;
  course_credits integer;
  counted integer;
  time_exempt boolean;
  prereq_exempt boolean;
  credits_exempt boolean;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_holds := enrollment_holds_seat(OLD.completion_status);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_holds := enrollment_holds_seat(NEW.completion_status);
  END IF;
  gains := new_holds AND (TG_OP = 'INSERT' OR NOT old_holds
                          OR NEW.section_id <> OLD.section_id OR NEW.student_id <> OLD.student_id);
  loses := old_holds AND (TG_OP = 'DELETE' OR NOT new_holds
                          OR NEW.section_id <> OLD.section_id OR NEW.student_id <> OLD.student_id);

  IF gains THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id FOR KEY SHARE;
    IF NOT FOUND THEN
      RETURN NULL;  -- the foreign key check reports the missing section
    END IF;
    PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  END IF;

  IF loses THEN
    DELETE FROM student_seats WHERE enrollment_id = OLD.id RETURNING * INTO seat;
    IF FOUND THEN
      DELETE FROM student_meetings WHERE enrollment_id = OLD.id;
      UPDATE student_term_credits
         SET credits = credits - seat.credits,
             exempt_credits = exempt_credits - CASE WHEN seat.credits_exempt THEN seat.credits ELSE 0 END
       WHERE student_id = seat.student_id AND term_id = seat.term_id;
    END IF;
  END IF;

  IF NOT gains THEN
    RETURN NULL;
  END IF;

  -- Dropping is always allowed; only new seats meet the rules.
  SELECT h.id, h.reason, h.placed_at INTO hold
    FROM registration_holds h WHERE h.student_id = NEW.student_id AND h.lifted_at IS NULL
   ORDER BY h.placed_at, h.id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'registration hold on student %: %', NEW.student_id, hold.reason
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_no_active_hold',
            DETAIL = jsonb_build_object('rule', 'registration_hold', 'sectionId', NEW.section_id, 'holdId', hold.id,
                                        'reason', hold.reason, 'placedAt', hold.placed_at)::text;
  END IF;

  SELECT ss.section_id INTO other FROM student_seats ss
   WHERE ss.student_id = NEW.student_id AND ss.term_id = sec.term_id AND ss.course_id = sec.course_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'student % already holds % in this course', NEW.student_id, section_label(other.section_id)
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'student_seats_one_per_course',
            DETAIL = jsonb_build_object('rule', 'already_in_course', 'sectionId', NEW.section_id,
                                        'heldSectionId', other.section_id, 'heldSection', section_label(other.section_id))::text;
  END IF;

  SELECT coalesce(bool_or(o.rule = 'time_conflict'), false), coalesce(bool_or(o.rule = 'prerequisite_missing'), false),
         coalesce(bool_or(o.rule = 'credit_limit'), false)
    INTO time_exempt, prereq_exempt, credits_exempt
    FROM rule_overrides o WHERE o.student_id = NEW.student_id AND o.section_id = NEW.section_id;

  IF NOT prereq_exempt THEN
    SELECT jsonb_agg(jsonb_build_object('courseId', c.id, 'course', c.subject || ' ' || c.number) ORDER BY c.subject, c.number)
      INTO missing
      FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
     WHERE p.course_id = sec.course_id
       AND NOT EXISTS (
         SELECT 1 FROM enrollments e
           JOIN sections ps ON ps.id = e.section_id
           JOIN terms pt ON pt.id = ps.term_id
          WHERE e.student_id = NEW.student_id AND e.completion_status = 'completed'
            AND ps.course_id = p.prerequisite_course_id
            AND pt.registration_opens_at < (SELECT t.registration_opens_at FROM terms t WHERE t.id = sec.term_id));
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'student % has not completed the prerequisites of section %', NEW.student_id, NEW.section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_prerequisites_completed',
              DETAIL = jsonb_build_object('rule', 'prerequisite_missing', 'sectionId', NEW.section_id, 'missing', missing)::text;
    END IF;
  END IF;

  -- The EXCLUDE constraint decides too; this read only puts names in the refusal.
  IF NOT time_exempt THEN
    SELECT sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
      FROM section_meetings m
      JOIN student_meetings sm
        ON sm.student_id = NEW.student_id AND sm.term_id = sec.term_id AND sm.day = m.day AND NOT sm.exempt
       AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     WHERE m.section_id = NEW.section_id
     ORDER BY sm.day, sm.starts_at LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'section % overlaps % held by student %', NEW.section_id, section_label(other.section_id), NEW.student_id
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
              DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', NEW.section_id,
                                          'conflictingSectionId', other.section_id,
                                          'conflictingSection', section_label(other.section_id),
                                          'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                          'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                          'conflictingMeetings', section_meetings_json(other.section_id))::text;
    END IF;
  END IF;

  SELECT c.credits INTO course_credits FROM courses c WHERE c.id = sec.course_id;
  SELECT * INTO load FROM student_term_credits WHERE student_id = NEW.student_id AND term_id = sec.term_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO student_term_credits (student_id, term_id) VALUES (NEW.student_id, sec.term_id) ON CONFLICT DO NOTHING;
    SELECT * INTO load FROM student_term_credits WHERE student_id = NEW.student_id AND term_id = sec.term_id FOR UPDATE;
  END IF;
  counted := load.credits - load.exempt_credits + CASE WHEN credits_exempt THEN 0 ELSE course_credits END;
  IF counted > load.max_credits THEN
    RAISE EXCEPTION 'section % would take student % to % credits (maximum %)', NEW.section_id, NEW.student_id, counted, load.max_credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'student_term_credits_within_max',
            DETAIL = jsonb_build_object('rule', 'credit_limit', 'sectionId', NEW.section_id, 'credits', counted,
                                        'maxCredits', load.max_credits, 'currentCredits', load.credits - load.exempt_credits,
                                        'sectionCredits', course_credits)::text;
  END IF;

  INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, credits, time_exempt, credits_exempt)
  VALUES (NEW.id, NEW.student_id, sec.term_id, sec.course_id, NEW.section_id, course_credits, time_exempt, credits_exempt);
  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at, exempt)
  SELECT NEW.id, m.id, NEW.student_id, sec.term_id, NEW.section_id, m.day, m.starts_at, m.ends_at, time_exempt
    FROM section_meetings m WHERE m.section_id = NEW.section_id;
  UPDATE student_term_credits
     SET credits = credits + course_credits,
         exempt_credits = exempt_credits + CASE WHEN credits_exempt THEN course_credits ELSE 0 END
   WHERE student_id = NEW.student_id AND term_id = sec.term_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_apply_registration_rules"
AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id, student_id ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_apply_registration_rules"();
--> statement-breakpoint

-- A hold takes the same users row lock as a new seat: every seat committed before the hold stands, every seat
-- that waits for it sees the hold.
CREATE FUNCTION "registration_holds_serialize_with_seats"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "registration_holds_serialize_with_seats"
AFTER INSERT OR UPDATE OF lifted_at, student_id ON "registration_holds"
FOR EACH ROW WHEN (NEW.lifted_at IS NULL) EXECUTE FUNCTION "registration_holds_serialize_with_seats"();
--> statement-breakpoint

-- Changing a section's meetings waits for enrollments in flight on it (they hold FOR KEY SHARE) and holds back new
-- ones. Taken BEFORE the row changes, so the foreign key's own KEY SHARE never has to be upgraded.
CREATE FUNCTION "section_meetings_lock_section"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM sections WHERE id = OLD.section_id FOR UPDATE;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM sections WHERE id = NEW.section_id FOR UPDATE;
    RETURN NEW;
  END IF;
  RETURN OLD;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "section_meetings_lock_section"
BEFORE INSERT OR UPDATE OR DELETE ON "section_meetings"
FOR EACH ROW EXECUTE FUNCTION "section_meetings_lock_section"();
--> statement-breakpoint

-- A meeting added or moved reaches every student holding the section, under the same EXCLUDE constraint: a change
-- that would make an enrolled student's schedule overlap is refused (student_meetings_no_overlap).
CREATE FUNCTION "section_meetings_reach_students"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM student_meetings WHERE meeting_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;

  SELECT ss.student_id, sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
    FROM student_seats ss
    JOIN student_meetings sm
      ON sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
     AND sm.day = NEW.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at)
   WHERE ss.section_id = NEW.section_id AND NOT ss.time_exempt
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

  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at, exempt)
  SELECT ss.enrollment_id, NEW.id, ss.student_id, ss.term_id, ss.section_id, NEW.day, NEW.starts_at, NEW.ends_at, ss.time_exempt
    FROM student_seats ss WHERE ss.section_id = NEW.section_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "section_meetings_reach_students"
AFTER INSERT OR DELETE OR UPDATE ON "section_meetings"
FOR EACH ROW EXECUTE FUNCTION "section_meetings_reach_students"();
--> statement-breakpoint

-- Transitional (dropped with the three columns): the current registrar form edits meeting_days/start_time/end_time,
-- so a change there rewrites the section's meetings. Editing section_meetings directly does not write them back.
CREATE FUNCTION "sections_sync_legacy_meetings"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM section_meetings WHERE section_id = NEW.id;
  END IF;
  IF NEW.meeting_days <> '' AND NEW.start_time IS NOT NULL AND NEW.end_time IS NOT NULL THEN
    INSERT INTO section_meetings (section_id, day, starts_at, ends_at)
    SELECT DISTINCT NEW.id, strpos('MTWRFSU', d.letter)::smallint, NEW.start_time, NEW.end_time
      FROM regexp_split_to_table(NEW.meeting_days, '') AS d(letter);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "sections_sync_legacy_meetings_insert"
AFTER INSERT ON "sections"
FOR EACH ROW WHEN (NEW.meeting_days <> '')
EXECUTE FUNCTION "sections_sync_legacy_meetings"();
--> statement-breakpoint

CREATE TRIGGER "sections_sync_legacy_meetings_update"
AFTER UPDATE OF meeting_days, start_time, end_time ON "sections"
FOR EACH ROW WHEN (OLD.meeting_days IS DISTINCT FROM NEW.meeting_days OR OLD.start_time IS DISTINCT FROM NEW.start_time
                   OR OLD.end_time IS DISTINCT FROM NEW.end_time)
EXECUTE FUNCTION "sections_sync_legacy_meetings"();
--> statement-breakpoint

-- Seats are counted in their section's course and term: neither may change while anyone holds a seat there.
-- Changing either is a key change (UNIQUE course, term, code), so it takes FOR UPDATE and waits for enrollments in
-- flight; enrolled_count is then current.
CREATE FUNCTION "sections_guard_course_term"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.enrolled_count > 0 THEN
    RAISE EXCEPTION 'section % has % seat(s) taken: its course and term cannot change', OLD.id, OLD.enrolled_count
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_course_term_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "sections_guard_course_term"
BEFORE UPDATE OF course_id, term_id ON "sections"
FOR EACH ROW WHEN (OLD.course_id IS DISTINCT FROM NEW.course_id OR OLD.term_id IS DISTINCT FROM NEW.term_id)
EXECUTE FUNCTION "sections_guard_course_term"();
--> statement-breakpoint

-- Credit totals are sums of courses.credits: a course's credits stay fixed while anyone holds a seat in it (past
-- terms included; a new credit value is a new course). Locking the course's sections FOR UPDATE waits for
-- enrollments in flight, which pinned their section FOR KEY SHARE before reading the credits.
CREATE FUNCTION "courses_guard_credits"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM sections WHERE course_id = NEW.id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM student_seats WHERE course_id = NEW.id) THEN
    RAISE EXCEPTION 'course % has seats held: its credits cannot change', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_credits_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "courses_guard_credits"
BEFORE UPDATE OF credits ON "courses"
FOR EACH ROW WHEN (OLD.credits IS DISTINCT FROM NEW.credits)
EXECUTE FUNCTION "courses_guard_credits"();
--> statement-breakpoint

-- Derived tables: only the triggers above (pg_trigger_depth() > 0) write them, as with sections.enrolled_count.
-- A registrar may still create a student's term row and raise (or lower) max_credits; the CHECK guards the rest.
CREATE FUNCTION "registration_rules_guard_derived"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION '%.% is derived from enrollments and cannot be written directly', TG_TABLE_NAME,
      CASE WHEN TG_TABLE_NAME = 'student_term_credits' THEN 'credits' ELSE '*' END
    USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_derived',
          HINT = 'Insert, update or delete enrollments instead; the triggers keep it.';
END
$$;
--> statement-breakpoint

CREATE TRIGGER "student_seats_derived"
BEFORE INSERT OR UPDATE OR DELETE ON "student_seats"
FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION "registration_rules_guard_derived"();
--> statement-breakpoint

CREATE TRIGGER "student_meetings_derived"
BEFORE INSERT OR UPDATE OR DELETE ON "student_meetings"
FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION "registration_rules_guard_derived"();
--> statement-breakpoint

CREATE TRIGGER "student_term_credits_derived_insert"
BEFORE INSERT ON "student_term_credits"
FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND (NEW.credits <> 0 OR NEW.exempt_credits <> 0))
EXECUTE FUNCTION "registration_rules_guard_derived"();
--> statement-breakpoint

CREATE TRIGGER "student_term_credits_derived_update"
BEFORE UPDATE ON "student_term_credits"
FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND (NEW.credits IS DISTINCT FROM OLD.credits
                   OR NEW.exempt_credits IS DISTINCT FROM OLD.exempt_credits
                   OR NEW.student_id IS DISTINCT FROM OLD.student_id OR NEW.term_id IS DISTINCT FROM OLD.term_id))
EXECUTE FUNCTION "registration_rules_guard_derived"();
--> statement-breakpoint

CREATE TRIGGER "student_term_credits_derived_delete"
BEFORE DELETE ON "student_term_credits"
FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND OLD.credits <> 0)
EXECUTE FUNCTION "registration_rules_guard_derived"();
