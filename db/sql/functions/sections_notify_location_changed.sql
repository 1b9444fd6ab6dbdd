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
