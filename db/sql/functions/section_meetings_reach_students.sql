CREATE OR REPLACE FUNCTION section_meetings_reach_students()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  accepting text := coalesce(current_setting('curriculab.accept_conflicts', true), '');
  accepted integer[];
  other record;
  new_starts date;
  new_ends date;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM student_meetings WHERE meeting_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;
  -- The meeting's dates, resolved as the student's rows keep them (its own, else the term's class dates).
  SELECT coalesce(NEW.starts_on, t.classes_start_on), coalesce(NEW.ends_on, t.classes_end_on) INTO new_starts, new_ends
    FROM sections s JOIN terms t ON t.id = s.term_id WHERE s.id = NEW.section_id;

  IF accepting <> '' THEN
    PERFORM 1 FROM users u
     WHERE u.id IN (SELECT ss.student_id FROM student_seats ss WHERE ss.section_id = NEW.section_id)
     ORDER BY u.id FOR NO KEY UPDATE;
    IF accepting <> 'all' THEN
      accepted := accepting::integer[];
    END IF;
  END IF;

  SELECT ss.student_id, sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
    FROM student_seats ss
    JOIN student_meetings sm
      ON sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
     AND sm.day = NEW.day AND NOT sm.exempt
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at)
     AND daterange(sm.starts_on, sm.ends_on, '[]') && daterange(new_starts, new_ends, '[]')
   WHERE ss.section_id = NEW.section_id AND NOT ss.time_exempt
     AND (accepting = '' OR (accepting <> 'all' AND NOT ss.student_id = ANY (accepted)))
   ORDER BY ss.student_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the new meeting of section % overlaps % held by student %', NEW.section_id, section_label(other.section_id), other.student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', NEW.section_id, 'studentId', other.student_id,
                                        'conflictingSectionId', other.section_id,
                                        'conflictingSection', section_label(other.section_id),
                                        'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                        'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                        'conflictingMeetings', section_meetings_json(other.section_id))::text;
  END IF;

  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at,
                                starts_on, ends_on, exempt, accepted_conflict)
  SELECT ss.enrollment_id, NEW.id, ss.student_id, ss.term_id, ss.section_id, NEW.day, NEW.starts_at, NEW.ends_at,
         new_starts, new_ends, ss.time_exempt,
         accepting <> '' AND NOT ss.time_exempt AND EXISTS (
           SELECT 1 FROM student_meetings sm
            WHERE sm.student_id = ss.student_id AND sm.term_id = ss.term_id AND sm.section_id <> ss.section_id
              AND sm.day = NEW.day AND NOT sm.exempt
              AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(NEW.starts_at, NEW.ends_at)
              AND daterange(sm.starts_on, sm.ends_on, '[]') && daterange(new_starts, new_ends, '[]'))
    FROM student_seats ss WHERE ss.section_id = NEW.section_id;
  RETURN NULL;
END
$$;
