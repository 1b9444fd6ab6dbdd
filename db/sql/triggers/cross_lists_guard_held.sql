CREATE TRIGGER cross_lists_guard_held BEFORE INSERT OR UPDATE ON cross_lists FOR EACH ROW EXECUTE FUNCTION cross_lists_guard_held();
