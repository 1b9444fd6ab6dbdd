-- A seat freed in a section other than by an enrollment (a release; a cross-list's capacity raised): promote the
-- waitlist, across the whole cross-list when the section is in one. `p_freed_by` is what the history records.
CREATE OR REPLACE FUNCTION section_seats_freed(p_section_id integer, p_freed_by text)
 RETURNS void
 LANGUAGE plpgsql
AS $$
DECLARE
  previous text := coalesce(current_setting('curriculab.seat_freed_by', true), '');
BEGIN
  PERFORM set_config('curriculab.seat_freed_by', p_freed_by, true);
  PERFORM waitlist_promote_freed(p_section_id);
  PERFORM set_config('curriculab.seat_freed_by', previous, true);
END
$$;
