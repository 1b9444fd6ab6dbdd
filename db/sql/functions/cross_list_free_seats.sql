-- Seats left in a cross-list's shared capacity; NULL for a section in none.
CREATE OR REPLACE FUNCTION cross_list_free_seats(p_cross_list_id integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $$ SELECT c.capacity - c.held FROM cross_lists c WHERE c.id = p_cross_list_id $$;
