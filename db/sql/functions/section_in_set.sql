-- Whether a section is part of a set: it links to another, or others link to it (sections standing alone skip the
-- complete-set check).
CREATE OR REPLACE FUNCTION section_in_set(p_section_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM sections s WHERE s.id = p_section_id AND s.linked_section_id IS NOT NULL)
      OR EXISTS (SELECT 1 FROM sections s WHERE s.linked_section_id = p_section_id)
$$;
