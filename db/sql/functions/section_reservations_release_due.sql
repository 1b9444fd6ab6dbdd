-- The sweep (docs/decisions/0025): applies every release whose released_at has passed and is not applied yet, each
-- through the reservation triggers, so its waitlist is promoted in this transaction. Run every few seconds by each
-- app server (lib/reservation-sweep.ts); concurrent sweeps skip the rows another one holds. Returns how many.
CREATE OR REPLACE FUNCTION section_reservations_release_due()
 RETURNS integer
 LANGUAGE plpgsql
AS $$
DECLARE
  due integer;
BEGIN
  WITH picked AS (
    SELECT r.id FROM section_reservations r WHERE NOT r.released AND r.released_at <= now()
     ORDER BY r.id FOR NO KEY UPDATE SKIP LOCKED)
  UPDATE section_reservations r SET released_at = r.released_at FROM picked WHERE r.id = picked.id;
  GET DIAGNOSTICS due = ROW_COUNT;
  RETURN due;
END
$$;
