-- The one place a reservation's release is applied, whether the registrar released it early (UPDATE … SET
-- released_at = now()) or its released_at passed (section_reservations_release_due): its open seats become
-- ordinary ones and the waitlist behind them is promoted. The students still waiting afterwards hear of it
-- (docs/decisions/0026): those promoted get their own notice from the promotion's event.
CREATE OR REPLACE FUNCTION section_reservation_released(p_reservation_id integer, p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM section_reserved_seats_recount(p_section_id);
  PERFORM notification_write(w.student_id, 'reserved_released', p_section_id, NULL,
                             jsonb_build_object('reservationId', p_reservation_id))
     FROM waitlist_entries w WHERE w.section_id = p_section_id;
END
$$;
