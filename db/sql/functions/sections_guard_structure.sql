-- A link joins a section to another of the same course and term with another component; a held section keeps its
-- component and credits (the students' derived seats carry them, as courses_guard_credits keeps a course's).
CREATE OR REPLACE FUNCTION sections_guard_structure()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.linked_section_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM sections p WHERE p.id = NEW.linked_section_id AND p.course_id = NEW.course_id
          AND p.term_id = NEW.term_id AND p.component <> NEW.component) THEN
    RAISE EXCEPTION 'section % may link only to a section of its course and term with another component', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_link_same_course';
  END IF;
  IF TG_OP = 'UPDATE' AND EXISTS (
       SELECT 1 FROM sections c WHERE c.linked_section_id = NEW.id
          AND (c.course_id <> NEW.course_id OR c.term_id <> NEW.term_id OR c.component = NEW.component)) THEN
    RAISE EXCEPTION 'sections linked to % must stay of its course and term with another component', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_link_same_course';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.enrolled_count > 0
     AND (NEW.component IS DISTINCT FROM OLD.component OR NEW.credits IS DISTINCT FROM OLD.credits) THEN
    RAISE EXCEPTION 'section % has % seat(s) taken: its component and credits cannot change', OLD.id, OLD.enrolled_count
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_structure_fixed_while_held';
  END IF;
  RETURN NEW;
END
$$;
