CREATE OR REPLACE FUNCTION section_meetings_json(p_section_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('day', m.day, 'startsAt', to_char(m.starts_at, 'HH24:MI'), 'endsAt', to_char(m.ends_at, 'HH24:MI'))
                            ORDER BY m.day, m.starts_at), '[]'::jsonb)
  FROM section_meetings m WHERE m.section_id = p_section_id
$$;
