-- Whether a grade meets a prerequisite's minimum (docs/decisions/0023). F never does. Without a minimum any passing
-- grade does: a letter, P or S, or none at all (a completion recorded without a grade, as in stage two). A minimum
-- needs a letter at least that good: P, S and a missing grade say nothing about the letter.
CREATE OR REPLACE FUNCTION grade_satisfies_minimum(p_grade text, p_min_grade text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_grade = 'F' THEN false
    WHEN p_min_grade IS NULL THEN true
    ELSE coalesce(grade_points(p_grade) >= grade_points(p_min_grade), false)
  END
$$;
