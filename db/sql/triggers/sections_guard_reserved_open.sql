CREATE TRIGGER sections_guard_reserved_open BEFORE INSERT OR UPDATE ON sections FOR EACH ROW EXECUTE FUNCTION sections_guard_reserved_open();
