-- time_conflict: a meeting overlapping one of a seat the student holds this term, on the same day, at the same time,
-- within the same dates (half-term sections at one hour in different weeks do not conflict). The EXCLUDE constraint
-- student_meetings_no_overlap decides the race; this read only puts names in the refusal.
CREATE OR REPLACE FUNCTION rule_time_conflict(p_student_id integer, p_section_id integer, p_term_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  other record;
BEGIN
  SELECT sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
    FROM section_meetings m
    JOIN sections s ON s.id = m.section_id
    JOIN terms t ON t.id = s.term_id
    JOIN student_meetings sm
      ON sm.student_id = p_student_id AND sm.term_id = p_term_id AND sm.day = m.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     AND daterange(sm.starts_on, sm.ends_on, '[]')
         && daterange(coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), '[]')
   WHERE m.section_id = p_section_id
   ORDER BY sm.day, sm.starts_at LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'section % overlaps % held by student %', p_section_id, section_label(other.section_id), p_student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', p_section_id,
                                        'conflictingSectionId', other.section_id,
                                        'conflictingSection', section_label(other.section_id),
                                        'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                        'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                        'conflictingMeetings', section_meetings_json(other.section_id))::text;
  END IF;
END
$$;
