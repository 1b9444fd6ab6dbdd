-- The one place a reservation's release is applied, whether the registrar released it early (UPDATE … SET
-- released_at = now()) or its released_at passed (section_reservations_release_due): its open seats become
-- ordinary ones and the waitlist behind them is promoted. A notice of the release belongs here.
CREATE OR REPLACE FUNCTION section_reservation_released(p_reservation_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM section_reserved_seats_recount(p_section_id);
END
$$;
