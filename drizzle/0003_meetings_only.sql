-- Meetings are rows of section_meetings only (issue 10, docs/decisions/0008): the registrar's form edits them
-- directly, so the three free-text columns and the triggers that kept section_meetings in step with them go.
DROP TRIGGER "sections_sync_legacy_meetings_insert" ON "sections";
--> statement-breakpoint
DROP TRIGGER "sections_sync_legacy_meetings_update" ON "sections";
--> statement-breakpoint
DROP FUNCTION "sections_sync_legacy_meetings"();
--> statement-breakpoint
ALTER TABLE "sections" DROP CONSTRAINT "sections_meeting_days_format";
--> statement-breakpoint
ALTER TABLE "sections" DROP CONSTRAINT "sections_meeting_time_ordered";
--> statement-breakpoint
ALTER TABLE "sections" DROP COLUMN "meeting_days";
--> statement-breakpoint
ALTER TABLE "sections" DROP COLUMN "start_time";
--> statement-breakpoint
ALTER TABLE "sections" DROP COLUMN "end_time";
