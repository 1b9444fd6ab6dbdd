CREATE OR REPLACE FUNCTION registration_holds_serialize_with_seats()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  RETURN NULL;
END
$$;
