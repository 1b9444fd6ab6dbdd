CREATE TRIGGER section_reservations_derive BEFORE INSERT OR UPDATE ON section_reservations FOR EACH ROW EXECUTE FUNCTION section_reservations_derive();
