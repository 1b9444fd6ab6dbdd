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
