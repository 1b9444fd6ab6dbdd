CREATE TRIGGER section_reservations_follow AFTER INSERT OR DELETE OR UPDATE ON section_reservations FOR EACH ROW EXECUTE FUNCTION section_reservations_follow();
