-- The group a reservation holds seats for, in words: "seniors", "Physics majors", "senior Physics majors".
CREATE OR REPLACE FUNCTION section_reservation_group(p_class_standing class_standing, p_major text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $$
  SELECT CASE WHEN p_major IS NULL THEN p_class_standing::text || 's'
              WHEN p_class_standing IS NULL THEN p_major || ' majors'
              ELSE p_class_standing::text || ' ' || p_major || ' majors' END
$$;
