CREATE TRIGGER sections_join_cross_list BEFORE INSERT OR UPDATE OF cross_list_id ON sections FOR EACH ROW EXECUTE FUNCTION sections_join_cross_list();
