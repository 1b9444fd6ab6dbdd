-- The sections a student holds in the same set as p_section_id: the held sections reached from it through links,
-- either way (a lab, its lecture, the lecture's other components). Empty when the student does not hold it.
CREATE OR REPLACE FUNCTION student_set_sections(p_student_id integer, p_section_id integer)
 RETURNS integer[]
 LANGUAGE sql
 STABLE
AS $$
  WITH RECURSIVE held AS (
    SELECT s.id, s.linked_section_id FROM enrollments e JOIN sections s ON s.id = e.section_id
      JOIN sections x ON x.id = p_section_id AND x.course_id = s.course_id AND x.term_id = s.term_id
     WHERE e.student_id = p_student_id AND enrollment_holds_seat(e.completion_status)),
  walk(id, linked) AS (
    SELECT id, linked_section_id FROM held WHERE id = p_section_id
    UNION
    SELECT h.id, h.linked_section_id FROM walk w JOIN held h ON h.linked_section_id = w.id OR h.id = w.linked)
  SELECT coalesce(array_agg(DISTINCT id ORDER BY id), '{}') FROM walk
$$;
