CREATE OR REPLACE FUNCTION curriculab_actor()
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$ SELECT nullif(current_setting('curriculab.actor_id', true), '')::integer $$;
