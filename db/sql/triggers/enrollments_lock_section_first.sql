CREATE TRIGGER enrollments_lock_section_first BEFORE INSERT OR DELETE OR UPDATE OF completion_status, section_id ON enrollments FOR EACH ROW EXECUTE FUNCTION enrollments_lock_section_first();
