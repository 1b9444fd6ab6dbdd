CREATE OR REPLACE FUNCTION section_meetings_notify_students()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  changed_section integer := CASE WHEN TG_TABLE_NAME = 'sections' THEN NEW.id
                             WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
BEGIN
  -- Everyone holding a seat hears that the section moved to another time or room (the notice shows it as it is now).
  PERFORM notification_write(ss.student_id, 'section_changed', changed_section, NULL,
                             CASE WHEN TG_TABLE_NAME = 'sections'
                                  THEN jsonb_build_object('locationFrom', OLD.location, 'locationTo', NEW.location) END)
     FROM student_seats ss WHERE ss.section_id = changed_section;
  IF TG_TABLE_NAME = 'section_meetings' AND TG_OP = 'UPDATE' AND OLD.section_id <> NEW.section_id THEN
    PERFORM notification_write(ss.student_id, 'section_changed', OLD.section_id, NULL, NULL)
       FROM student_seats ss WHERE ss.section_id = OLD.section_id;
  END IF;
  RETURN NULL;
END
$$;
