-- A waitlist position is a ticket the section's counter issued (waitlist_join bumps waitlist_last_position under
-- the section's row lock, then inserts the entry). An entry written any other way (a bare INSERT in psql or in a
-- test) could sit above the counter, and the next join would be issued the same position: issue 28.14, where
-- one test's bare INSERT showed up as position_not_issued in another test's database-wide drift check. Refused
-- here, like every other rule, by the database.
CREATE OR REPLACE FUNCTION "waitlist_entries_position_issued"() RETURNS trigger
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
--> statement-breakpoint

CREATE TRIGGER "waitlist_entries_position_issued"
BEFORE INSERT OR UPDATE OF "position", "section_id" ON "waitlist_entries"
FOR EACH ROW EXECUTE FUNCTION "waitlist_entries_position_issued"();
