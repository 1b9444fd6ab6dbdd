CREATE OR REPLACE FUNCTION users_end_sessions_on_credential_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  NEW.session_version := OLD.session_version + 1;
  RETURN NEW;
END
$$;
