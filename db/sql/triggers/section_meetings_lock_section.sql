CREATE TRIGGER section_meetings_lock_section BEFORE INSERT OR DELETE OR UPDATE ON section_meetings FOR EACH ROW EXECUTE FUNCTION section_meetings_lock_section();
