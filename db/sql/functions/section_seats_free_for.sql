-- The seats one student could take in a section now (docs/decisions/0025): the capacity left, less the reserved
-- seats still open to groups the student is not in, within the cross-list's shared capacity. The waitlist asks it.
CREATE OR REPLACE FUNCTION section_seats_free_for(p_section_id integer, p_student_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$
  SELECT least(s.capacity - s.enrolled_count - s.reserved_open
                 + coalesce((SELECT max(section_reservation_open(r.id)) FROM section_reservations r
                              WHERE r.section_id = s.id AND NOT r.released
                                AND section_reservation_matches(r.id, p_student_id)), 0),
               coalesce(cross_list_free_seats(s.cross_list_id), s.capacity))
    FROM sections s WHERE s.id = p_section_id
$$;
