-- Class dates edited later (docs/decisions/0022): every seat's meeting that takes the term's dates (one without its
-- own) is re-resolved in the editing statement, under student_meetings_no_overlap. Dates that would make two of a
-- student's meetings overlap refuse the edit, naming the first such student and the two sections
-- (term_dates_conflict on the registrar's form); the EXCLUDE decides it either way. A meeting with one date of its own
-- whose other end the new dates would put before it (a first half ending before classes start) refuses the edit too
-- (term_dates_cut_meeting), instead of a range PostgreSQL cannot build.
-- The SHARE lock waits for every transaction writing seats' meetings to commit, and holds new ones until this one
-- does: a seat taken with the old dates while the edit runs would otherwise keep them (this trigger cannot see it
-- uncommitted). It stalls enrolling everywhere for the edit's few milliseconds; a registrar's class-date edit is
-- rare, and nothing is added to the enrolling path.
CREATE OR REPLACE FUNCTION terms_resolve_meeting_dates()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  clash record;
  cut integer;
BEGIN
  LOCK TABLE student_meetings IN SHARE MODE;
  SELECT m.section_id INTO cut
    FROM section_meetings m JOIN sections s ON s.id = m.section_id
   WHERE s.term_id = NEW.id AND (m.starts_on IS NULL) <> (m.ends_on IS NULL)
     AND coalesce(m.starts_on, NEW.classes_start_on) > coalesce(m.ends_on, NEW.classes_end_on)
   ORDER BY m.section_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the class dates of term % leave no day for a meeting of %', NEW.code, section_label(cut)
      USING ERRCODE = 'check_violation', CONSTRAINT = 'terms_class_dates_hold_meetings',
            DETAIL = jsonb_build_object('section', section_label(cut))::text;
  END IF;
  WITH resolved AS (
    SELECT sm.student_id, sm.section_id, sm.enrollment_id, sm.meeting_id, sm.day, sm.starts_at, sm.ends_at,
           coalesce(m.starts_on, NEW.classes_start_on) AS starts_on, coalesce(m.ends_on, NEW.classes_end_on) AS ends_on,
           (m.starts_on IS NULL OR m.ends_on IS NULL) AS moved
      FROM student_meetings sm JOIN section_meetings m ON m.id = sm.meeting_id
     WHERE sm.term_id = NEW.id AND NOT sm.exempt AND NOT sm.accepted_conflict)
  SELECT a.student_id, a.section_id AS one, b.section_id AS other INTO clash
    FROM resolved a
    JOIN resolved b
      ON b.student_id = a.student_id AND b.day = a.day AND b.section_id <> a.section_id
     AND meeting_time_range(a.starts_at, a.ends_at) && meeting_time_range(b.starts_at, b.ends_at)
     AND daterange(a.starts_on, a.ends_on, '[]') && daterange(b.starts_on, b.ends_on, '[]')
   WHERE a.moved
   ORDER BY a.student_id, a.section_id, b.section_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the class dates of term % would make % and % overlap for student %', NEW.code,
                    section_label(clash.one), section_label(clash.other), clash.student_id
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'student_meetings_no_overlap',
            DETAIL = jsonb_build_object('studentId', clash.student_id, 'section', section_label(clash.one),
                                        'conflictingSection', section_label(clash.other))::text;
  END IF;
  UPDATE student_meetings sm
     SET starts_on = coalesce(m.starts_on, NEW.classes_start_on), ends_on = coalesce(m.ends_on, NEW.classes_end_on)
    FROM section_meetings m
   WHERE sm.term_id = NEW.id AND m.id = sm.meeting_id AND (m.starts_on IS NULL OR m.ends_on IS NULL);
  RETURN NULL;
END
$$;
