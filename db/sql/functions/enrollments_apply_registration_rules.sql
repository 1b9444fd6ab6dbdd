-- The registration rules (docs/decisions/0008), decided in the enrolling transaction: a seat lost releases the
-- student's derived rows; a seat gained meets every rule, one function each, in this order (the first refusal is
-- the answer): appointment_not_reached (the student's own seats only: not a registrar's placement nor a promotion,
-- docs/decisions/0025), registration_hold, already_in_course, prerequisite_missing, time_conflict, credit_limit; then the
-- seat's derived rows are written, under the constraints that decide the races (student_seats_one_per_course,
-- student_meetings_no_overlap, student_term_credits_within_max). A complete set is checked at commit, by
-- enrollments_complete_set (docs/decisions/0022): the members of a set arrive one row at a time.
CREATE OR REPLACE FUNCTION enrollments_apply_registration_rules()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  sec record;
  exempt record;
  credits numeric;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF change.gains THEN
    SELECT s.course_id, s.term_id INTO sec FROM sections s WHERE s.id = NEW.section_id FOR KEY SHARE;
    IF NOT FOUND THEN
      RETURN NULL;  -- the foreign key check reports the missing section
    END IF;
    -- One student's seats are decided one transaction at a time (two tabs racing).
    PERFORM 1 FROM users WHERE id = NEW.student_id FOR NO KEY UPDATE;
  END IF;
  IF change.loses THEN
    PERFORM student_seat_release(OLD.id);
  END IF;
  IF NOT change.gains THEN
    RETURN NULL;
  END IF;

  SELECT * INTO exempt FROM rule_overrides_of(NEW.student_id, NEW.section_id);

  IF coalesce(current_setting('curriculab.waitlist_mode', true), '') <> 'promote'
     AND coalesce(curriculab_actor(), NEW.student_id) = NEW.student_id THEN
    PERFORM rule_appointment_not_reached(NEW.student_id, NEW.section_id, sec.term_id);
  END IF;
  PERFORM rule_registration_hold(NEW.student_id, NEW.section_id);
  PERFORM rule_already_in_course(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id);
  IF NOT exempt.prerequisite_missing THEN
    PERFORM rule_prerequisite_missing(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id);
  END IF;
  IF NOT exempt.time_conflict THEN
    PERFORM rule_time_conflict(NEW.student_id, NEW.section_id, sec.term_id);
  END IF;
  credits := rule_credit_limit(NEW.student_id, NEW.section_id, sec.course_id, sec.term_id, exempt.credit_limit);

  PERFORM student_seat_take(NEW.id, NEW.student_id, NEW.section_id, sec.course_id, sec.term_id, credits,
                            exempt.time_conflict, exempt.credit_limit);
  RETURN NULL;
END
$$;
