-- What one student's sets of one course and term lack, or NULL when they are complete (docs/decisions/0022): a held
-- section with a linked section needs that section held too; a held section that others link to needs exactly one
-- of them held for each of their components. The first gap, as the refusal's facts.
CREATE OR REPLACE FUNCTION student_set_gap(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  WITH held AS (
    SELECT s.id, s.linked_section_id FROM enrollments e JOIN sections s ON s.id = e.section_id
     WHERE e.student_id = p_student_id AND s.course_id = p_course_id AND s.term_id = p_term_id
       AND enrollment_holds_seat(e.completion_status))
  SELECT jsonb_build_object('sectionId', g.section_id, 'section', section_label(g.section_id), 'component', g.component,
                            'choices', g.choices)
    FROM (
      SELECT h.id AS section_id, p.component, jsonb_build_array(jsonb_build_object('id', p.id, 'code', p.code)) AS choices
        FROM held h JOIN sections p ON p.id = h.linked_section_id
       WHERE p.id NOT IN (SELECT id FROM held)
      UNION ALL
      SELECT h.id, c.component, jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code) ORDER BY c.code)
        FROM held h JOIN sections c ON c.linked_section_id = h.id
       GROUP BY h.id, c.component
      HAVING count(*) FILTER (WHERE c.id IN (SELECT id FROM held)) <> 1) g
   ORDER BY g.section_id, g.component LIMIT 1
$$;
