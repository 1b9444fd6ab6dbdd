CREATE TRIGGER enrollment_events_append_only BEFORE DELETE OR UPDATE ON enrollment_events FOR EACH ROW EXECUTE FUNCTION enrollment_events_append_only();
