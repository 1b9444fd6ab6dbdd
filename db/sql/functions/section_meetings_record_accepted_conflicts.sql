CREATE OR REPLACE FUNCTION section_meetings_record_accepted_conflicts()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
BEGIN
  INSERT INTO enrollment_events (student_id, section_id, kind, actor_id, cause, detail)
  SELECT sm.student_id, sm.section_id, 'conflict_accepted', curriculab_actor(), 'meeting_moved',
         jsonb_agg(DISTINCT jsonb_build_object('conflictingSectionId', o.section_id,
                                               'conflictingSection', section_label(o.section_id),
                                               'day', sm.day, 'startsAt', to_char(sm.starts_at, 'HH24:MI'),
                                               'endsAt', to_char(sm.ends_at, 'HH24:MI')))
    FROM new_meetings n
    JOIN student_meetings sm ON sm.meeting_id = n.id AND sm.accepted_conflict
    JOIN student_meetings o
      ON o.student_id = sm.student_id AND o.term_id = sm.term_id AND o.section_id <> sm.section_id
     AND o.day = sm.day AND NOT o.exempt
     AND meeting_time_range(o.starts_at, o.ends_at) && meeting_time_range(sm.starts_at, sm.ends_at)
     AND daterange(o.starts_on, o.ends_on, '[]') && daterange(sm.starts_on, sm.ends_on, '[]')
   GROUP BY sm.student_id, sm.section_id
   ORDER BY sm.student_id;
  RETURN NULL;
END
$$;
