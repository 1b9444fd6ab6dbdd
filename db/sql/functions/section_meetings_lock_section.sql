CREATE OR REPLACE FUNCTION section_meetings_lock_section()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM sections WHERE id = OLD.section_id FOR UPDATE;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM sections WHERE id = NEW.section_id FOR UPDATE;
    RETURN NEW;
  END IF;
  RETURN OLD;
END
$$;
