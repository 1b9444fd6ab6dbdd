-- docs/decisions/0010: sessions that end, sign-in throttling, and the restricted role the app connects as.

ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint

-- A new role or password ends every session of that user, whoever changes it (the app, a script, psql).
CREATE FUNCTION "users_end_sessions_on_credential_change"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.session_version := OLD.session_version + 1;
  RETURN NEW;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "users_end_sessions_on_credential_change"
BEFORE UPDATE OF role, password_hash ON "users"
FOR EACH ROW
WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
EXECUTE FUNCTION "users_end_sessions_on_credential_change"();
--> statement-breakpoint

CREATE TYPE "public"."sign_in_scope" AS ENUM('account', 'address');
--> statement-breakpoint

CREATE TABLE "sign_in_failures" (
	"scope" "sign_in_scope" NOT NULL,
	"key" text NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failures" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY("scope","key"),
	CONSTRAINT "sign_in_failures_failures_positive" CHECK ("sign_in_failures"."failures" > 0)
);
--> statement-breakpoint

CREATE INDEX "sign_in_failures_window_idx" ON "sign_in_failures" USING btree ("window_started_at");
--> statement-breakpoint

-- The role the app connects as (a LOGIN role that is a member of it: README "Running it for real"). It reads and
-- writes rows, but does not own the tables, so it cannot alter them or disable their triggers; and it may not
-- write sections.enrolled_count or a user's role, email or password. Roles are per cluster: several databases
-- of one server (the test runs) share it, so an existing one is kept.
DO $$
BEGIN
  CREATE ROLE "curriculab_app" NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
--> statement-breakpoint

GRANT USAGE ON SCHEMA "public" TO "curriculab_app";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "curriculab_app";
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "curriculab_app";
--> statement-breakpoint
REVOKE UPDATE, INSERT, DELETE ON "users" FROM "curriculab_app";
--> statement-breakpoint
GRANT UPDATE ("session_version") ON "users" TO "curriculab_app";
--> statement-breakpoint
REVOKE UPDATE ON "sections" FROM "curriculab_app";
--> statement-breakpoint
GRANT UPDATE ("course_id", "term_id", "code", "instructor_id", "capacity", "location", "updated_at") ON "sections" TO "curriculab_app";
--> statement-breakpoint
-- Tables later migrations create get the same row rights; a column the app must not write is revoked there.
ALTER DEFAULT PRIVILEGES IN SCHEMA "public" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "curriculab_app";
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "public" GRANT USAGE, SELECT ON SEQUENCES TO "curriculab_app";
--> statement-breakpoint

-- The count is kept by this trigger for the restricted role too: it runs with its owner's rights, and the
-- search_path is pinned so that a caller's objects cannot stand in for ours.
ALTER FUNCTION "enrollments_maintain_enrolled_count"() SECURITY DEFINER SET search_path = public, pg_temp;
