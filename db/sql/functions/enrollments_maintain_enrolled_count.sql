-- sections.enrolled_count follows the seats (docs/decisions/0004). A seat gained in a full section is refused
-- under the CHECK's own name, with the section named in the DETAIL (core/rules/capacity.ts) so the answer can say
-- which section is full without another query; the CHECK stays the authority for every other write. Reserved seats
-- and cross-lists are decided around it (section_seat_take, section_seat_give_back; docs/decisions/0025).
CREATE OR REPLACE FUNCTION enrollments_maintain_enrolled_count()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  change record;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  -- Give the seat back first, so moving within one section never trips the CHECK on the way.
  IF change.loses THEN
    UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = OLD.section_id;
    PERFORM section_seat_give_back(OLD.student_id, OLD.section_id);
  END IF;
  IF change.gains THEN
    PERFORM section_seat_take(NEW.student_id, NEW.section_id);
    UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = NEW.section_id AND enrolled_count < capacity;
    IF NOT FOUND AND EXISTS (SELECT 1 FROM sections WHERE id = NEW.section_id) THEN
      RAISE EXCEPTION 'section % is full', NEW.section_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'sections_enrolled_count_within_capacity',
              DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', NEW.section_id,
                                          'section', section_label(NEW.section_id))::text;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
