ALTER TABLE "courses" DROP CONSTRAINT "courses_credits_range";--> statement-breakpoint
DROP INDEX "student_seats_one_per_course";--> statement-breakpoint
-- hand-written: a trigger's WHEN names the column; it comes back unchanged after the type change.
DROP TRIGGER "courses_guard_credits" ON "courses";--> statement-breakpoint
ALTER TABLE "courses" ALTER COLUMN "credits" SET DATA TYPE numeric(4, 1);--> statement-breakpoint
CREATE TRIGGER courses_guard_credits BEFORE UPDATE OF credits ON courses FOR EACH ROW WHEN ((old.credits IS DISTINCT FROM new.credits)) EXECUTE FUNCTION courses_guard_credits();--> statement-breakpoint
ALTER TABLE "student_seats" ALTER COLUMN "credits" SET DATA TYPE numeric(4, 1);--> statement-breakpoint
-- hand-written: these triggers' WHEN names the columns; they come back unchanged after the type change.
DROP TRIGGER "student_term_credits_derived_delete" ON "student_term_credits";--> statement-breakpoint
DROP TRIGGER "student_term_credits_derived_insert" ON "student_term_credits";--> statement-breakpoint
DROP TRIGGER "student_term_credits_derived_update" ON "student_term_credits";--> statement-breakpoint
ALTER TABLE "student_term_credits" ALTER COLUMN "credits" SET DATA TYPE numeric(5, 1);--> statement-breakpoint
ALTER TABLE "student_term_credits" ALTER COLUMN "exempt_credits" SET DATA TYPE numeric(5, 1);--> statement-breakpoint
CREATE TRIGGER student_term_credits_derived_delete BEFORE DELETE ON student_term_credits FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND (old.credits <> 0))) EXECUTE FUNCTION registration_rules_guard_derived();
--> statement-breakpoint
CREATE TRIGGER student_term_credits_derived_insert BEFORE INSERT ON student_term_credits FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND ((new.credits <> 0) OR (new.exempt_credits <> 0)))) EXECUTE FUNCTION registration_rules_guard_derived();
--> statement-breakpoint
CREATE TRIGGER student_term_credits_derived_update BEFORE UPDATE ON student_term_credits FOR EACH ROW WHEN (((pg_trigger_depth() = 0) AND ((new.credits IS DISTINCT FROM old.credits) OR (new.exempt_credits IS DISTINCT FROM old.exempt_credits) OR (new.student_id IS DISTINCT FROM old.student_id) OR (new.term_id IS DISTINCT FROM old.term_id)))) EXECUTE FUNCTION registration_rules_guard_derived();
--> statement-breakpoint
ALTER TABLE "student_meetings" ADD COLUMN "starts_on" date;--> statement-breakpoint
ALTER TABLE "student_meetings" ADD COLUMN "ends_on" date;--> statement-breakpoint
-- hand-written: the derived component and meeting dates of seats held now, written past their guard triggers.
ALTER TABLE "student_seats" ADD COLUMN "component" text NOT NULL DEFAULT 'LEC';--> statement-breakpoint
ALTER TABLE "student_seats" ALTER COLUMN "component" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "student_seats" DISABLE TRIGGER "student_seats_derived";--> statement-breakpoint
UPDATE "student_seats" ss SET "component" = s."component" FROM "sections" s WHERE s."id" = ss."section_id";--> statement-breakpoint
ALTER TABLE "student_seats" ENABLE TRIGGER "student_seats_derived";--> statement-breakpoint
ALTER TABLE "student_meetings" DISABLE TRIGGER "student_meetings_derived";--> statement-breakpoint
UPDATE "student_meetings" sm SET "starts_on" = coalesce(m."starts_on", t."classes_start_on"), "ends_on" = coalesce(m."ends_on", t."classes_end_on")
  FROM "section_meetings" m, "terms" t WHERE m."id" = sm."meeting_id" AND t."id" = sm."term_id";--> statement-breakpoint
ALTER TABLE "student_meetings" ENABLE TRIGGER "student_meetings_derived";--> statement-breakpoint
-- hand-written: two meetings conflict only when their dates overlap too (NULL bounds: unbounded).
ALTER TABLE "student_meetings" DROP CONSTRAINT "student_meetings_no_overlap";--> statement-breakpoint
ALTER TABLE "student_meetings" ADD CONSTRAINT "student_meetings_no_overlap"
  EXCLUDE USING gist ("student_id" WITH =, "term_id" WITH =, "day" WITH =, meeting_time_range("starts_at", "ends_at") WITH &&,
                      daterange("starts_on", "ends_on", '[]') WITH &&)
  WHERE (NOT "exempt" AND NOT "accepted_conflict");--> statement-breakpoint
CREATE UNIQUE INDEX "student_seats_one_per_course" ON "student_seats" USING btree ("student_id","term_id","course_id","component") WHERE NOT "student_seats"."grandfathered";--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_credits_range" CHECK ("courses"."credits" BETWEEN 0 AND 40);--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "with_section_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;
--> statement-breakpoint
-- hand-written: credits are numeric now; CREATE OR REPLACE cannot change a return type (db/sql writes it again).
DROP FUNCTION rule_credit_limit(integer, integer, integer, integer, boolean);
