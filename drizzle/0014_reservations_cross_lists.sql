CREATE TABLE "section_reservation_seats" (
	"reservation_id" integer NOT NULL,
	"student_id" integer NOT NULL,
	CONSTRAINT "section_reservation_seats_pkey" PRIMARY KEY("reservation_id","student_id")
);
--> statement-breakpoint
ALTER TABLE "cross_lists" ADD COLUMN "held" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "section_reservations" ADD COLUMN "released" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "reserved_open" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "section_reservation_seats" ADD CONSTRAINT "section_reservation_seats_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "public"."section_reservations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "section_reservation_seats_student_idx" ON "section_reservation_seats" USING btree ("student_id");--> statement-breakpoint
ALTER TABLE "cross_lists" ADD CONSTRAINT "cross_lists_held_within_capacity" CHECK ("cross_lists"."held" >= 0 AND "cross_lists"."held" <= "cross_lists"."capacity");--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_reserved_seats_within_capacity" CHECK ("sections"."reserved_open" >= 0 AND "sections"."enrolled_count" + "sections"."reserved_open" <= "sections"."capacity");--> statement-breakpoint
-- hand-written: counters for rows written before the triggers (docs/decisions/0025); a reservation larger than the seats left holds what is left.
UPDATE "cross_lists" c SET "held" = (SELECT coalesce(sum(s."enrolled_count"), 0) FROM "sections" s WHERE s."cross_list_id" = c."id");--> statement-breakpoint
UPDATE "section_reservations" SET "released" = "released_at" <= now();--> statement-breakpoint
UPDATE "sections" s SET "reserved_open" = least(s."capacity" - s."enrolled_count", (SELECT coalesce(sum(r."seats"), 0) FROM "section_reservations" r WHERE r."section_id" = s."id" AND NOT r."released"));
