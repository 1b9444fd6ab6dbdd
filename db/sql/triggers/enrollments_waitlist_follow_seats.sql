CREATE TRIGGER enrollments_waitlist_follow_seats AFTER INSERT OR DELETE OR UPDATE OF completion_status, section_id ON enrollments FOR EACH ROW EXECUTE FUNCTION enrollments_waitlist_follow_seats();
