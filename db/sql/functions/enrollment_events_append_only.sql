CREATE OR REPLACE FUNCTION enrollment_events_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'enrollment_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'enrollment_events_append_only',
          HINT = 'The history records what happened; a correction is a new change, which writes its own event.';
END
$$;
