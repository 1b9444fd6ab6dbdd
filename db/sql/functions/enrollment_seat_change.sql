-- The one answer to "did this change of an enrollments row gain or lose a seat?" for every trigger on the table:
-- a row gains a seat when it holds one now and did not before (or holds it for another student or section); it
-- loses one the other way round. A move between sections (or students) does both.
CREATE OR REPLACE FUNCTION enrollment_seat_change(op text, old_row enrollments, new_row enrollments,
                                                  OUT gains boolean, OUT loses boolean)
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(op <> 'DELETE' AND enrollment_holds_seat(new_row.completion_status)
                  AND (op = 'INSERT' OR NOT enrollment_holds_seat(old_row.completion_status)
                       OR new_row.section_id <> old_row.section_id OR new_row.student_id <> old_row.student_id), false),
         coalesce(op <> 'INSERT' AND enrollment_holds_seat(old_row.completion_status)
                  AND (op = 'DELETE' OR NOT enrollment_holds_seat(new_row.completion_status)
                       OR new_row.section_id <> old_row.section_id OR new_row.student_id <> old_row.student_id), false)
$$;
