-- incomplete_set (docs/decisions/0022): links alone make a set. A held section with a linked section needs that
-- section held too; a held section that others link to needs exactly one of them held for each of their components.
-- Called at commit by the constraint triggers enrollments_complete_set and sections_complete_sets (the members of a
-- set arrive one row at a time), and by a promotion inside its own subtransaction. Not overridable.
CREATE OR REPLACE FUNCTION rule_incomplete_set(p_student_id integer, p_course_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  gap record;
BEGIN
  WITH held AS (
    SELECT s.id, s.linked_section_id FROM enrollments e JOIN sections s ON s.id = e.section_id
     WHERE e.student_id = p_student_id AND s.course_id = p_course_id AND s.term_id = p_term_id
       AND enrollment_holds_seat(e.completion_status))
  SELECT g.* INTO gap FROM (
    SELECT h.id AS section_id, p.component, jsonb_build_array(jsonb_build_object('id', p.id, 'code', p.code)) AS choices
      FROM held h JOIN sections p ON p.id = h.linked_section_id
     WHERE p.id NOT IN (SELECT id FROM held)
    UNION ALL
    SELECT h.id, c.component, jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code) ORDER BY c.code)
      FROM held h JOIN sections c ON c.linked_section_id = h.id
     GROUP BY h.id, c.component
    HAVING count(*) FILTER (WHERE c.id IN (SELECT id FROM held)) <> 1) g
   ORDER BY g.section_id, g.component LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'student % holds % without a % section of its set', p_student_id, section_label(gap.section_id), gap.component
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_complete_set',
            DETAIL = jsonb_build_object('rule', 'incomplete_set', 'sectionId', gap.section_id,
                                        'section', section_label(gap.section_id), 'component', gap.component,
                                        'choices', gap.choices)::text;
  END IF;
END
$$;
