CREATE OR REPLACE FUNCTION section_label(p_section_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$ SELECT c.subject || ' ' || c.number || '-' || s.code FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = p_section_id $$;
