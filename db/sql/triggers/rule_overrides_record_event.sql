CREATE TRIGGER rule_overrides_record_event AFTER INSERT OR DELETE ON rule_overrides FOR EACH ROW EXECUTE FUNCTION rule_overrides_record_event();
