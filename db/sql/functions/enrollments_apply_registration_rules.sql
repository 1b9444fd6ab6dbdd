CREATE OR REPLACE FUNCTION enrollments_apply_registration_rules()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  old_holds boolean := false;
  new_holds boolean := false;
  gains boolean;
  loses boolean;
  sec record;
  seat record;
  hold record;
  other record;
  load record;
  missing jsonb;
  course_credits integer;
  counted integer;
  time_exempt boolean;
  prereq_exempt boolean;
  credits_exempt boolean;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_holds := enrollment_holds_seat(OLD.completion_status);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_holds := enrollment_holds_seat(NEW.completion_status);
  END IF;
  gains := new_holds AND (TG_OP = 'INSERT' OR NOT old_holds
                          OR NEW.section_id <> OLD.section_id OR NEW.student_id <> OLD.student_id);
  loses := old_holds AND (TG_OP = 'DELETE' OR NOT new_holds
                          OR NEW.section_id <> OLD.section_id OR NEW.student_id <> OLD.student_id);

  IF gains THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id FOR KEY SHARE;
    IF NOT FOUND THEN
      RETURN NULL;  -- the foreign key check reports the missing section
    END IF;
    PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  END IF;

  IF loses THEN
    DELETE FROM student_seats WHERE enrollment_id = OLD.id RETURNING * INTO seat;
    IF FOUND THEN
      DELETE FROM student_meetings WHERE enrollment_id = OLD.id;
      UPDATE student_term_credits
         SET credits = credits - seat.credits,
             exempt_credits = exempt_credits - CASE WHEN seat.credits_exempt THEN seat.credits ELSE 0 END
       WHERE student_id = seat.student_id AND term_id = seat.term_id;
    END IF;
  END IF;

  IF NOT gains THEN
    RETURN NULL;
  END IF;

  -- Dropping is always allowed; only new seats meet the rules.
  SELECT h.id, h.reason, h.placed_at INTO hold
    FROM registration_holds h WHERE h.student_id = NEW.student_id AND h.lifted_at IS NULL
   ORDER BY h.placed_at, h.id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'registration hold on student %: %', NEW.student_id, hold.reason
      USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_no_active_hold',
            DETAIL = jsonb_build_object('rule', 'registration_hold', 'sectionId', NEW.section_id, 'holdId', hold.id,
                                        'reason', hold.reason, 'placedAt', hold.placed_at)::text;
  END IF;

  SELECT ss.section_id INTO other FROM student_seats ss
   WHERE ss.student_id = NEW.student_id AND ss.term_id = sec.term_id AND ss.course_id = sec.course_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'student % already holds % in this course', NEW.student_id, section_label(other.section_id)
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'student_seats_one_per_course',
            DETAIL = jsonb_build_object('rule', 'already_in_course', 'sectionId', NEW.section_id,
                                        'heldSectionId', other.section_id, 'heldSection', section_label(other.section_id))::text;
  END IF;

  SELECT coalesce(bool_or(o.rule = 'time_conflict'), false), coalesce(bool_or(o.rule = 'prerequisite_missing'), false),
         coalesce(bool_or(o.rule = 'credit_limit'), false)
    INTO time_exempt, prereq_exempt, credits_exempt
    FROM rule_overrides o WHERE o.student_id = NEW.student_id AND o.section_id = NEW.section_id;

  IF NOT prereq_exempt THEN
    SELECT jsonb_agg(jsonb_build_object('courseId', c.id, 'course', c.subject || ' ' || c.number) ORDER BY c.subject, c.number)
      INTO missing
      FROM course_prerequisites p JOIN courses c ON c.id = p.prerequisite_course_id
     WHERE p.course_id = sec.course_id
       AND NOT EXISTS (
         SELECT 1 FROM enrollments e
           JOIN sections ps ON ps.id = e.section_id
           JOIN terms pt ON pt.id = ps.term_id
          WHERE e.student_id = NEW.student_id AND e.completion_status = 'completed'
            AND ps.course_id = p.prerequisite_course_id
            AND pt.registration_opens_at < (SELECT t.registration_opens_at FROM terms t WHERE t.id = sec.term_id));
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'student % has not completed the prerequisites of section %', NEW.student_id, NEW.section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'enrollments_prerequisites_completed',
              DETAIL = jsonb_build_object('rule', 'prerequisite_missing', 'sectionId', NEW.section_id, 'missing', missing)::text;
    END IF;
  END IF;

  -- The EXCLUDE constraint decides too; this read only puts names in the refusal.
  IF NOT time_exempt THEN
    SELECT sm.section_id, sm.day, sm.starts_at, sm.ends_at INTO other
      FROM section_meetings m
      JOIN student_meetings sm
        ON sm.student_id = NEW.student_id AND sm.term_id = sec.term_id AND sm.day = m.day AND NOT sm.exempt
       AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     WHERE m.section_id = NEW.section_id
     ORDER BY sm.day, sm.starts_at LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'section % overlaps % held by student %', NEW.section_id, section_label(other.section_id), NEW.student_id
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
              DETAIL = jsonb_build_object('rule', 'time_conflict', 'sectionId', NEW.section_id,
                                          'conflictingSectionId', other.section_id,
                                          'conflictingSection', section_label(other.section_id),
                                          'day', other.day, 'startsAt', to_char(other.starts_at, 'HH24:MI'),
                                          'endsAt', to_char(other.ends_at, 'HH24:MI'),
                                          'conflictingMeetings', section_meetings_json(other.section_id))::text;
    END IF;
  END IF;

  SELECT c.credits INTO course_credits FROM courses c WHERE c.id = sec.course_id;
  SELECT * INTO load FROM student_term_credits WHERE student_id = NEW.student_id AND term_id = sec.term_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO student_term_credits (student_id, term_id) VALUES (NEW.student_id, sec.term_id) ON CONFLICT DO NOTHING;
    SELECT * INTO load FROM student_term_credits WHERE student_id = NEW.student_id AND term_id = sec.term_id FOR UPDATE;
  END IF;
  counted := load.credits - load.exempt_credits + CASE WHEN credits_exempt THEN 0 ELSE course_credits END;
  IF counted > load.max_credits THEN
    RAISE EXCEPTION 'section % would take student % to % credits (maximum %)', NEW.section_id, NEW.student_id, counted, load.max_credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'student_term_credits_within_max',
            DETAIL = jsonb_build_object('rule', 'credit_limit', 'sectionId', NEW.section_id, 'credits', counted,
                                        'maxCredits', load.max_credits, 'currentCredits', load.credits - load.exempt_credits,
                                        'sectionCredits', course_credits)::text;
  END IF;

  INSERT INTO student_seats (enrollment_id, student_id, term_id, course_id, section_id, credits, time_exempt, credits_exempt)
  VALUES (NEW.id, NEW.student_id, sec.term_id, sec.course_id, NEW.section_id, course_credits, time_exempt, credits_exempt);
  INSERT INTO student_meetings (enrollment_id, meeting_id, student_id, term_id, section_id, day, starts_at, ends_at, exempt)
  SELECT NEW.id, m.id, NEW.student_id, sec.term_id, NEW.section_id, m.day, m.starts_at, m.ends_at, time_exempt
    FROM section_meetings m WHERE m.section_id = NEW.section_id;
  UPDATE student_term_credits
     SET credits = credits + course_credits,
         exempt_credits = exempt_credits + CASE WHEN credits_exempt THEN course_credits ELSE 0 END
   WHERE student_id = NEW.student_id AND term_id = sec.term_id;
  RETURN NULL;
END
$$;
