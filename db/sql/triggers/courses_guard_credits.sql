CREATE TRIGGER courses_guard_credits BEFORE UPDATE OF credits ON courses FOR EACH ROW WHEN ((old.credits IS DISTINCT FROM new.credits)) EXECUTE FUNCTION courses_guard_credits();
