CREATE OR REPLACE FUNCTION enrollment_holds_seat(status completion_status)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$ SELECT status IN ('enrolled', 'completed') $$;
