CREATE OR REPLACE FUNCTION section_meetings_json(p_section_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  -- A part of the term (half-term sections) adds its dates; a meeting of the whole term carries none.
  SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('day', m.day, 'startsAt', to_char(m.starts_at, 'HH24:MI'),
                                                                 'endsAt', to_char(m.ends_at, 'HH24:MI'),
                                                                 'startsOn', m.starts_on, 'endsOn', m.ends_on))
                            ORDER BY m.day, m.starts_at, m.starts_on NULLS FIRST), '[]'::jsonb)
  FROM section_meetings m WHERE m.section_id = p_section_id
$$;
