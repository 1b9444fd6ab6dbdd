-- How a seat of this term is given up now, by the database's clock: dropped (the row deleted) before the drop
-- deadline, withdrawn (kept as 'withdrawn') until the withdrawal deadline, not at all by the student after it.
CREATE OR REPLACE FUNCTION term_leave_mode(p_term_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$
  SELECT CASE WHEN now() < t.drop_deadline THEN 'drop'
              WHEN now() < t.withdraw_deadline THEN 'withdraw'
              ELSE 'none' END
    FROM terms t WHERE t.id = p_term_id
$$;
