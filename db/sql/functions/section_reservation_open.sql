-- A reservation's seats not yet taken by its group (section_reservation_seats counts the members holding one).
CREATE OR REPLACE FUNCTION section_reservation_open(p_reservation_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$
  SELECT r.seats - (SELECT count(*)::integer FROM section_reservation_seats rs WHERE rs.reservation_id = r.id)
    FROM section_reservations r WHERE r.id = p_reservation_id
$$;
