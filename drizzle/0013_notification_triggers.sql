-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
CREATE OR REPLACE FUNCTION enrollment_events_notify()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  -- The outbox row is written with the event, in the transaction that promotes, passes over or drops: nothing after
  -- commit, and no NOTIFY on the enroll path (docs/decisions/0026).
  IF NEW.kind IN ('promoted', 'passed_over') THEN
    PERFORM notification_write(NEW.student_id, NEW.kind::text::notification_kind, NEW.section_id, NEW.id,
                               jsonb_strip_nulls(jsonb_build_object('fromSectionId', NEW.from_section_id,
                                                                    'releasedAs', NEW.released_as,
                                                                    'reason', CASE WHEN NEW.kind = 'passed_over' THEN NEW.cause END)));
  ELSE
    -- dropped or withdrawn by someone else: a registrar in the app, or the office in psql (no actor).
    PERFORM notification_write(NEW.student_id, 'dropped_by_registrar', NEW.section_id, NEW.id,
                               jsonb_build_object('as', NEW.kind));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION notification_write(p_student_id integer, p_kind notification_kind, p_section_id integer, p_event_id bigint, p_detail jsonb DEFAULT NULL::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  -- A student deleted in this statement (its enrollments cascading) has nobody left to tell.
  PERFORM 1 FROM users u WHERE u.id = p_student_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- A notice without an event (a meeting moved, a hold lifted) is written once per student, kind and section in a
  -- transaction: a registrar replacing three meetings moves the section once. now() is the transaction's start.
  IF p_event_id IS NULL AND EXISTS (
       SELECT 1 FROM notifications n
        WHERE n.student_id = p_student_id AND n.kind = p_kind AND n.section_id IS NOT DISTINCT FROM p_section_id
          AND n.created_at = now()) THEN
    RETURN;
  END IF;
  INSERT INTO notifications (student_id, kind, section_id, event_id, detail, mail)
  VALUES (p_student_id, p_kind, p_section_id, p_event_id, p_detail,
          p_kind IN ('promoted', 'passed_over')
          OR NOT EXISTS (SELECT 1 FROM notification_opt_outs o WHERE o.student_id = p_student_id AND o.kind = p_kind));
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registration_holds_notify_lifted()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  PERFORM notification_write(NEW.student_id, 'hold_lifted', NULL, NULL,
                             jsonb_build_object('holdId', NEW.id, 'reason', NEW.reason,
                                                'holdsLeft', (SELECT count(*) FROM registration_holds h
                                                               WHERE h.student_id = NEW.student_id AND h.lifted_at IS NULL)));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION section_meetings_notify_students()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  -- Everyone holding a seat hears that the section moved to another time (the notice shows it as it is now).
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM notification_write(ss.student_id, 'section_changed', OLD.section_id, NULL, NULL)
       FROM student_seats ss WHERE ss.section_id = OLD.section_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM notification_write(ss.student_id, 'section_changed', NEW.section_id, NULL, NULL)
       FROM student_seats ss WHERE ss.section_id = NEW.section_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sections_notify_location_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  PERFORM notification_write(ss.student_id, 'section_changed', NEW.id, NULL,
                             jsonb_build_object('locationFrom', OLD.location, 'locationTo', NEW.location))
     FROM student_seats ss WHERE ss.section_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER enrollment_events_notify AFTER INSERT ON enrollment_events FOR EACH ROW WHEN ((((new.kind)::text = ANY (ARRAY['promoted'::text, 'passed_over'::text])) OR (((new.kind)::text = ANY (ARRAY['dropped'::text, 'withdrawn'::text])) AND (new.actor_id IS DISTINCT FROM new.student_id)))) EXECUTE FUNCTION enrollment_events_notify();
--> statement-breakpoint
CREATE TRIGGER registration_holds_notify_lifted AFTER UPDATE OF lifted_at ON registration_holds FOR EACH ROW WHEN (((old.lifted_at IS NULL) AND (new.lifted_at IS NOT NULL))) EXECUTE FUNCTION registration_holds_notify_lifted();
--> statement-breakpoint
CREATE TRIGGER section_meetings_notify_students AFTER INSERT OR DELETE OR UPDATE ON section_meetings FOR EACH ROW EXECUTE FUNCTION section_meetings_notify_students();
--> statement-breakpoint
CREATE TRIGGER sections_notify_location_changed AFTER UPDATE OF location ON sections FOR EACH ROW WHEN ((old.location IS DISTINCT FROM new.location)) EXECUTE FUNCTION sections_notify_location_changed();
