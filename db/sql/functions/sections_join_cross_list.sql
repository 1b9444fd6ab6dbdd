-- BEFORE a section joins or leaves a cross-list (docs/decisions/0025): members share one term, and the seats the
-- section holds move from the old list's count to the new one's, under cross_lists_held_within_capacity.
CREATE OR REPLACE FUNCTION sections_join_cross_list()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.cross_list_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM cross_lists c WHERE c.id = NEW.cross_list_id AND c.term_id = NEW.term_id) THEN
    IF NOT EXISTS (SELECT 1 FROM cross_lists c WHERE c.id = NEW.cross_list_id) THEN
      RETURN NEW;  -- the foreign key reports the missing cross-list
    END IF;
    RAISE EXCEPTION 'section % is not in the term of cross-list %', NEW.id, NEW.cross_list_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_cross_list_same_term';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.cross_list_id IS NOT NULL THEN
    UPDATE cross_lists SET held = held - OLD.enrolled_count WHERE id = OLD.cross_list_id;
  END IF;
  IF NEW.cross_list_id IS NOT NULL AND NEW.enrolled_count > 0 THEN
    UPDATE cross_lists SET held = held + NEW.enrolled_count WHERE id = NEW.cross_list_id;
  END IF;
  RETURN NEW;
END
$$;
