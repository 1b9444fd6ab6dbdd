CREATE TRIGGER enrollments_record_event AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id ON enrollments FOR EACH ROW EXECUTE FUNCTION enrollments_record_event();
