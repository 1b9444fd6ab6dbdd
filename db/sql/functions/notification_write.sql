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
