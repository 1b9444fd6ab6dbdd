CREATE TYPE "public"."notification_kind" AS ENUM('promoted', 'passed_over', 'reserved_released', 'section_changed', 'dropped_by_registrar', 'hold_lifted');--> statement-breakpoint
CREATE TABLE "notification_opt_outs" (
	"student_id" integer NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_opt_outs_pkey" PRIMARY KEY("student_id","kind"),
	CONSTRAINT "notification_opt_outs_non_essential" CHECK ("notification_opt_outs"."kind" NOT IN ('promoted', 'passed_over'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"student_id" integer NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"section_id" integer,
	"event_id" bigint,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"mail" boolean DEFAULT true NOT NULL,
	"idempotency_key" uuid DEFAULT gen_random_uuid() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"failed_at" timestamp with time zone,
	CONSTRAINT "notifications_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "notifications_attempts_nonnegative" CHECK ("notifications"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "notification_opt_outs" ADD CONSTRAINT "notification_opt_outs_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_student_idx" ON "notifications" USING btree ("student_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("student_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_outbox_idx" ON "notifications" USING btree ("next_attempt_at","id") WHERE "notifications"."mail" AND "notifications"."sent_at" IS NULL AND "notifications"."failed_at" IS NULL;--> statement-breakpoint
-- hand-written: only the database writes a notice (notification_write runs as its owner); the app marks one read or sent.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "notifications" FROM "curriculab_app";--> statement-breakpoint
GRANT UPDATE ("read_at", "sent_at", "attempts", "next_attempt_at", "last_error", "failed_at") ON "notifications" TO "curriculab_app";
