CREATE TRIGGER enrollment_events_no_truncate BEFORE TRUNCATE ON enrollment_events FOR EACH STATEMENT EXECUTE FUNCTION enrollment_events_append_only();
