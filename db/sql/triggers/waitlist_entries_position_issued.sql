CREATE TRIGGER waitlist_entries_position_issued BEFORE INSERT OR UPDATE OF "position", section_id ON waitlist_entries FOR EACH ROW EXECUTE FUNCTION waitlist_entries_position_issued();
