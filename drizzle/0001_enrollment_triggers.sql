-- docs/decisions/0004: sections.enrolled_count is derived from enrollments, kept in the enrolling transaction,
-- and the named CHECK sections_enrolled_count_within_capacity rejects the seat that does not exist.
-- Seat-holding statuses: 'enrolled' and 'completed' (db/schema.ts SEAT_HOLDING_STATUSES).

CREATE FUNCTION "enrollment_holds_seat"(status "completion_status") RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status IN ('enrolled', 'completed') $$;
--> statement-breakpoint

CREATE FUNCTION "enrollments_maintain_enrolled_count"() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  old_holds boolean := false;
  new_holds boolean := false;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_holds := enrollment_holds_seat(OLD.completion_status);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_holds := enrollment_holds_seat(NEW.completion_status);
  END IF;

  -- Give the seat back first, so moving within one section never trips the CHECK on the way.
  IF old_holds AND (NOT new_holds OR NEW.section_id <> OLD.section_id) THEN
    UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = OLD.section_id;
  END IF;
  IF new_holds AND (TG_OP = 'INSERT' OR NOT old_holds OR NEW.section_id <> OLD.section_id) THEN
    UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = NEW.section_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_maintain_enrolled_count"
AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_maintain_enrolled_count"();
--> statement-breakpoint

CREATE FUNCTION "enrollments_touch_updated_at"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "enrollments_touch_updated_at"
BEFORE UPDATE ON "enrollments"
FOR EACH ROW EXECUTE FUNCTION "enrollments_touch_updated_at"();
--> statement-breakpoint

-- Only the trigger above (running one level down, pg_trigger_depth() > 1) may change enrolled_count.
-- Superusers included: this is a rule about the data, not a privilege.
CREATE FUNCTION "sections_guard_enrolled_count"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.enrolled_count <> 0 THEN
    RAISE EXCEPTION 'sections.enrolled_count is derived from enrollments: a new section starts at 0'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_derived',
            HINT = 'Insert enrollments instead; the trigger counts them.';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.enrolled_count IS DISTINCT FROM OLD.enrolled_count AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'sections.enrolled_count is derived from enrollments and cannot be written directly'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_derived',
            HINT = 'Insert, update or delete enrollments instead; the trigger keeps the count.';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint

CREATE TRIGGER "sections_guard_enrolled_count"
BEFORE INSERT OR UPDATE ON "sections"
FOR EACH ROW EXECUTE FUNCTION "sections_guard_enrolled_count"();
--> statement-breakpoint

-- Catalog search by title (ILIKE '%…%') stays indexed as the catalog grows.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "courses_title_trgm_idx" ON "courses" USING gin ("title" gin_trgm_ops);
