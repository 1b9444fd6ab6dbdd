CREATE TRIGGER student_seats_derived BEFORE INSERT OR DELETE OR UPDATE ON student_seats FOR EACH ROW WHEN ((pg_trigger_depth() = 0)) EXECUTE FUNCTION registration_rules_guard_derived();
