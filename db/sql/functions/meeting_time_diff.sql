CREATE OR REPLACE FUNCTION meeting_time_diff(a time without time zone, b time without time zone)
 RETURNS double precision
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT extract(epoch FROM a - b)::double precision $$;
