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
