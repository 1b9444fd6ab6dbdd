-- Reserved seats and cross-lists (docs/decisions/0025), decided under the section's row lock just before the count
-- trigger takes the seat. A member of a group whose reserved seats are open takes one of them: the member's row in
-- section_reservation_seats and the section's reserved_open move together, so sections_reserved_seats_within_capacity
-- holds (the reservation's own row is never locked here, so a release racing an enrollment cannot deadlock). Anyone
-- else needs a seat outside the open reserved ones, else seats_reserved names the group and its release. A
-- cross-listed section also needs a seat of the shared capacity (cross_lists_held_within_capacity).
CREATE OR REPLACE FUNCTION section_seat_take(p_student_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  sec record;
  held_for record;
BEGIN
  SELECT s.capacity, s.enrolled_count, s.reserved_open, s.cross_list_id INTO sec
    FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF coalesce(current_setting('curriculab.waitlist_mode', true), '') = 'probe' THEN
    -- The rules have let the student in; the probe ends at the capacity CHECK (waitlist_probe_rules).
    RAISE EXCEPTION 'probe' USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity';
  END IF;
  IF sec.reserved_open > 0 THEN
    SELECT r.id INTO held_for FROM section_reservations r
     WHERE r.section_id = p_section_id AND NOT r.released AND section_reservation_open(r.id) > 0
       AND section_reservation_matches(r.id, p_student_id)
     ORDER BY r.released_at, r.id LIMIT 1;
    IF FOUND THEN
      INSERT INTO section_reservation_seats (reservation_id, student_id) VALUES (held_for.id, p_student_id);
      UPDATE sections SET reserved_open = reserved_open - 1 WHERE id = p_section_id;
    ELSIF sec.enrolled_count < sec.capacity AND sec.enrolled_count + sec.reserved_open >= sec.capacity THEN
      SELECT section_reservation_open(r.id) AS open, r.released_at,
             section_reservation_group(r.class_standing, r.major) AS "group" INTO held_for
        FROM section_reservations r
       WHERE r.section_id = p_section_id AND NOT r.released AND section_reservation_open(r.id) > 0
       ORDER BY r.released_at, r.id LIMIT 1;
      RAISE EXCEPTION 'the seats left in section % are reserved', p_section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_reserved_seats_within_capacity',
              DETAIL = jsonb_build_object('rule', 'seats_reserved', 'sectionId', p_section_id,
                                          'section', section_label(p_section_id), 'group', held_for."group",
                                          'seats', held_for.open, 'releasedAt', held_for.released_at)::text;
    END IF;
  END IF;
  IF sec.cross_list_id IS NOT NULL THEN
    UPDATE cross_lists SET held = held + 1 WHERE id = sec.cross_list_id AND held < capacity;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'cross-list % is full', sec.cross_list_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'cross_lists_held_within_capacity',
              DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', p_section_id,
                                          'section', section_label(p_section_id),
                                          'sharedWith', cross_list_sections(sec.cross_list_id))::text;
    END IF;
  END IF;
END
$$;
