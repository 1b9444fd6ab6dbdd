-- The one clock (docs/decisions/0017): whether a term's registration is open is the database's answer, by its
-- own now(), for the enroll statement, the waitlist, a swap and every page that shows it.
CREATE OR REPLACE FUNCTION term_registration_window(p_term_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $$
  SELECT CASE WHEN now() < t.registration_opens_at THEN 'not_yet_open'
              WHEN now() < t.registration_closes_at THEN 'open'
              ELSE 'closed' END
    FROM terms t WHERE t.id = p_term_id
$$;
