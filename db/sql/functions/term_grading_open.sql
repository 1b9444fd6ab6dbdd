-- Whether final grades can be recorded for a term's sections now, by the database's clock: once its classes have
-- ended (classes_end_on, a campus date), or, for a term without class dates, once its withdrawal deadline passed.
CREATE OR REPLACE FUNCTION term_grading_open(p_term_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(current_date >= t.classes_end_on, now() >= t.withdraw_deadline)
    FROM terms t WHERE t.id = p_term_id
$$;
