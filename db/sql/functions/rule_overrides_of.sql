-- Which rules a registrar let this student past for this section (never capacity or a duplicate seat).
CREATE OR REPLACE FUNCTION rule_overrides_of(p_student_id integer, p_section_id integer,
                                             OUT time_conflict boolean, OUT prerequisite_missing boolean,
                                             OUT credit_limit boolean)
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(bool_or(o.rule = 'time_conflict'), false), coalesce(bool_or(o.rule = 'prerequisite_missing'), false),
         coalesce(bool_or(o.rule = 'credit_limit'), false)
    FROM rule_overrides o WHERE o.student_id = p_student_id AND o.section_id = p_section_id
$$;
