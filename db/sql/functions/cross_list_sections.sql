-- The labels of a cross-list's member sections, in code order: what a full cross-list's refusal names.
CREATE OR REPLACE FUNCTION cross_list_sections(p_cross_list_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(jsonb_agg(section_label(s.id) ORDER BY section_label(s.id)), '[]'::jsonb)
    FROM sections s WHERE s.cross_list_id = p_cross_list_id
$$;
