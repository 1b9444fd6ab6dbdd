CREATE TRIGGER enrollments_touch_updated_at BEFORE UPDATE ON enrollments FOR EACH ROW EXECUTE FUNCTION enrollments_touch_updated_at();
