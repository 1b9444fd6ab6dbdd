-- The points of a letter grade on the 4.0 scale (A+ counts 4.3, so it ranks above A); NULL for P and S, which pass
-- without a letter, and for anything else. Grades are compared by these points (grade_satisfies_minimum).
CREATE OR REPLACE FUNCTION grade_points(p_grade text)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_grade
    WHEN 'A+' THEN 4.3 WHEN 'A' THEN 4.0 WHEN 'A-' THEN 3.7
    WHEN 'B+' THEN 3.3 WHEN 'B' THEN 3.0 WHEN 'B-' THEN 2.7
    WHEN 'C+' THEN 2.3 WHEN 'C' THEN 2.0 WHEN 'C-' THEN 1.7
    WHEN 'D+' THEN 1.3 WHEN 'D' THEN 1.0 WHEN 'D-' THEN 0.7
    WHEN 'F' THEN 0.0
  END
$$;
