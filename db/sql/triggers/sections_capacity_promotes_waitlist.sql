CREATE TRIGGER sections_capacity_promotes_waitlist AFTER UPDATE OF capacity ON sections FOR EACH ROW WHEN ((new.capacity > old.capacity)) EXECUTE FUNCTION sections_capacity_promotes_waitlist();
