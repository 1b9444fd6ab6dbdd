CREATE TRIGGER waitlist_entries_record_event AFTER INSERT OR DELETE ON waitlist_entries FOR EACH ROW EXECUTE FUNCTION waitlist_entries_record_event();
