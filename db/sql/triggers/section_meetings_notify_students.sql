CREATE TRIGGER section_meetings_notify_students AFTER INSERT OR DELETE OR UPDATE ON section_meetings FOR EACH ROW EXECUTE FUNCTION section_meetings_notify_students();
