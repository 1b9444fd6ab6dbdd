CREATE TRIGGER sections_guard_enrolled_count BEFORE INSERT OR UPDATE ON sections FOR EACH ROW EXECUTE FUNCTION sections_guard_enrolled_count();
