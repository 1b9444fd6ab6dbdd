-- The other half of section_seat_take, after the count trigger gave the seat back: a reserved seat returns to its
-- group while the reservation holds, and the cross-list's shared count follows.
CREATE OR REPLACE FUNCTION section_seat_give_back(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  returned record;
BEGIN
  DELETE FROM section_reservation_seats rs USING section_reservations r
   WHERE rs.reservation_id = r.id AND r.section_id = p_section_id AND rs.student_id = p_student_id
  RETURNING r.id, r.released INTO returned;
  IF FOUND THEN
    IF NOT returned.released THEN
      UPDATE sections SET reserved_open = reserved_open + 1 WHERE id = p_section_id;
    END IF;
  END IF;
  UPDATE cross_lists c SET held = c.held - 1 FROM sections s WHERE s.id = p_section_id AND c.id = s.cross_list_id;
END
$$;
