CREATE TYPE "public"."completion_status" AS ENUM('enrolled', 'withdrawn', 'completed');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('student', 'instructor', 'registrar');--> statement-breakpoint
CREATE TABLE "courses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "courses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject" text NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"credits" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "courses_subject_number_key" UNIQUE("subject","number"),
	CONSTRAINT "courses_subject_format" CHECK ("courses"."subject" ~ '^[A-Z]{2,6}$'),
	CONSTRAINT "courses_credits_range" CHECK ("courses"."credits" BETWEEN 0 AND 20)
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "enrollments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"student_id" integer NOT NULL,
	"section_id" integer NOT NULL,
	"completion_status" "completion_status" DEFAULT 'enrolled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_student_section_key" UNIQUE("student_id","section_id")
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"term_id" integer NOT NULL,
	"code" text NOT NULL,
	"instructor_id" integer,
	"capacity" integer NOT NULL,
	"enrolled_count" integer DEFAULT 0 NOT NULL,
	"meeting_days" text DEFAULT '' NOT NULL,
	"start_time" time,
	"end_time" time,
	"location" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sections_course_term_code_key" UNIQUE("course_id","term_id","code"),
	CONSTRAINT "sections_capacity_nonnegative" CHECK ("sections"."capacity" >= 0),
	CONSTRAINT "sections_enrolled_count_within_capacity" CHECK ("sections"."enrolled_count" >= 0 AND "sections"."enrolled_count" <= "sections"."capacity"),
	CONSTRAINT "sections_meeting_days_format" CHECK ("sections"."meeting_days" ~ '^[MTWRFSU]*$'),
	CONSTRAINT "sections_meeting_time_ordered" CHECK ("sections"."start_time" IS NULL OR "sections"."end_time" IS NULL OR "sections"."start_time" < "sections"."end_time")
);
--> statement-breakpoint
CREATE TABLE "terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"registration_opens_at" timestamp with time zone NOT NULL,
	"registration_closes_at" timestamp with time zone NOT NULL,
	"drop_deadline" timestamp with time zone NOT NULL,
	"withdraw_deadline" timestamp with time zone NOT NULL,
	CONSTRAINT "terms_code_key" UNIQUE("code"),
	CONSTRAINT "terms_registration_window_ordered" CHECK ("terms"."registration_opens_at" < "terms"."registration_closes_at"),
	CONSTRAINT "terms_deadlines_ordered" CHECK ("terms"."drop_deadline" <= "terms"."withdraw_deadline")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_key" UNIQUE("email"),
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_term_id_fkey" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_instructor_id_fkey" FOREIGN KEY ("instructor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollments_section_status_idx" ON "enrollments" USING btree ("section_id","completion_status");--> statement-breakpoint
CREATE INDEX "sections_term_course_idx" ON "sections" USING btree ("term_id","course_id");--> statement-breakpoint
CREATE INDEX "sections_instructor_idx" ON "sections" USING btree ("instructor_id");--> statement-breakpoint
CREATE INDEX "users_role_name_idx" ON "users" USING btree ("role","name");