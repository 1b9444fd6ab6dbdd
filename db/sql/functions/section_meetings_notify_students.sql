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
