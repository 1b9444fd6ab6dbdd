CREATE TRIGGER sections_guard_structure BEFORE INSERT OR UPDATE OF linked_section_id, component, credits, course_id, term_id ON sections FOR EACH ROW EXECUTE FUNCTION sections_guard_structure();
