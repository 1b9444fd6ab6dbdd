CREATE OR REPLACE FUNCTION waitlist_entries_position_issued()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sections s WHERE s.id = NEW.section_id AND NEW.position <= s.waitlist_last_position) THEN
    RAISE EXCEPTION 'waitlist position % of section % was not issued by its counter', NEW.position, NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_position_issued',
            HINT = 'Join through waitlist_join(), which issues the position under the section''s row lock.';
  END IF;
  RETURN NEW;
END
$$;
