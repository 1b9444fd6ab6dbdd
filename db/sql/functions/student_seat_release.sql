-- A seat given up: its derived rows go (a seat held before the rules existed may have none).
CREATE OR REPLACE FUNCTION student_seat_release(p_enrollment_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  seat record;
BEGIN
  DELETE FROM student_seats WHERE enrollment_id = p_enrollment_id RETURNING * INTO seat;
  IF FOUND THEN
    DELETE FROM student_meetings WHERE enrollment_id = p_enrollment_id;
    UPDATE student_term_credits
       SET credits = credits - seat.credits,
           exempt_credits = exempt_credits - CASE WHEN seat.credits_exempt THEN seat.credits ELSE 0 END
     WHERE student_id = seat.student_id AND term_id = seat.term_id;
  END IF;
END
$$;
