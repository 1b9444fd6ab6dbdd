-- A student belongs to a reservation's group when their profile has its class standing and its major (each, when
-- named); a student without a profile belongs to none.
CREATE OR REPLACE FUNCTION section_reservation_matches(p_reservation_id integer, p_student_id integer)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $$
  SELECT EXISTS (SELECT 1 FROM section_reservations r JOIN student_profiles p ON p.student_id = p_student_id
                  WHERE r.id = p_reservation_id
                    AND (r.class_standing IS NULL OR r.class_standing = p.class_standing)
                    AND (r.major IS NULL OR r.major = p.major))
$$;
