CREATE OR REPLACE FUNCTION rule_overrides_record_event()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause)
    VALUES (NEW.student_id, NEW.section_id, 'override_granted', coalesce(curriculab_actor(), NEW.granted_by), NEW.rule::text);
  ELSE
    INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause)
    VALUES (OLD.student_id, OLD.section_id, 'override_revoked', curriculab_actor(), OLD.rule::text);
  END IF;
  RETURN NULL;
END
$$;
