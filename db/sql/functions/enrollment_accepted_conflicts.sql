CREATE OR REPLACE FUNCTION enrollment_accepted_conflicts(p_enrollment_id integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $$
  SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object(
           'conflictingSectionId', o.section_id, 'conflictingSection', section_label(o.section_id),
           'day', m.day, 'startsAt', to_char(greatest(m.starts_at, o.starts_at), 'HH24:MI'),
           'endsAt', to_char(least(m.ends_at, o.ends_at), 'HH24:MI'))), '[]'::jsonb)
    FROM student_meetings m
    JOIN student_meetings o
      ON o.student_id = m.student_id AND o.term_id = m.term_id AND o.enrollment_id <> m.enrollment_id
     AND o.day = m.day AND NOT o.exempt
     AND meeting_time_range(o.starts_at, o.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     AND daterange(o.starts_on, o.ends_on, '[]') && daterange(m.starts_on, m.ends_on, '[]')
   WHERE m.enrollment_id = p_enrollment_id AND NOT m.exempt AND (m.accepted_conflict OR o.accepted_conflict)
$$;
