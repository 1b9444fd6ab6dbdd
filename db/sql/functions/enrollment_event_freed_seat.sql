CREATE OR REPLACE FUNCTION enrollment_event_freed_seat(p_freed text, OUT event_id bigint, OUT cause text)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
AS $$
BEGIN
  IF p_freed = 'capacity' THEN
    cause := 'capacity_raised';
  ELSIF p_freed = 'reservation' THEN
    cause := 'reserved_released';
  ELSIF p_freed IS NOT NULL THEN
    event_id := p_freed::bigint;
    SELECT e.kind::text INTO cause FROM enrollment_events e WHERE e.id = event_id;
  END IF;
END
$$;
