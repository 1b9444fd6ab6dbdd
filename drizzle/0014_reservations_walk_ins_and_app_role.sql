-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.
-- BEFORE the row changes: a seat gained or lost in a section with a waitlist locks the section row first, so a
-- walk-in and a promotion are decided one after the other; a walk-in while an eligible student waits (one with a
-- seat free for them) is refused.
CREATE OR REPLACE FUNCTION enrollments_lock_section_first()
 RETURNS trigger
 LANGUAGE plpgsql
AS $$
DECLARE
  change record;
  target_section integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END;
BEGIN
  SELECT * INTO change FROM enrollment_seat_change(TG_OP, OLD, NEW);
  IF NOT change.gains AND NOT change.loses THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  PERFORM 1 FROM sections s
   WHERE s.id = target_section AND (s.waitlist_capacity > 0 OR s.waitlist_last_position > 0)
     FOR NO KEY UPDATE;
  IF FOUND AND change.gains AND coalesce(current_setting('curriculab.waitlist_mode', true), '') = ''
     AND EXISTS (SELECT 1 FROM waitlist_entries w
                  WHERE w.section_id = NEW.section_id AND w.student_id <> NEW.student_id AND w.passed_over_at IS NULL
                    -- Seats reserved for a group no waiting student is in are the group's (docs/decisions/0025).
                    AND section_seats_free_for(NEW.section_id, w.student_id) > 0)
     AND NOT EXISTS (SELECT 1 FROM enrollments e
                      WHERE e.student_id = NEW.student_id AND e.section_id = NEW.section_id
                        AND enrollment_holds_seat(e.completion_status)) THEN
    RAISE EXCEPTION 'section % has students waiting for its seats', NEW.section_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'waitlist_entries_first_in_line',
            DETAIL = jsonb_build_object('rule', 'section_full', 'sectionId', NEW.section_id,
                                        'section', section_label(NEW.section_id))::text,
            HINT = 'Join the waitlist; a freed seat goes to the first eligible student waiting.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
-- sections.reserved_open, recounted under the section's row lock after any change of its reservations: the seats of
-- the reservations not released, less those their members hold. Fewer reserved seats open is a freed seat: the
-- waitlist is promoted in the same transaction (docs/decisions/0025), before any walk-in can see it. SECURITY
-- DEFINER like the count trigger: the app role may not write sections.reserved_open itself.
CREATE OR REPLACE FUNCTION section_reserved_seats_recount(p_section_id integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $$
DECLARE
  before integer;
  after integer;
BEGIN
  SELECT s.reserved_open INTO before FROM sections s WHERE s.id = p_section_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;  -- the section is being deleted with its reservations
  END IF;
  SELECT coalesce(sum(greatest(section_reservation_open(r.id), 0)), 0)::integer INTO after
    FROM section_reservations r WHERE r.section_id = p_section_id AND NOT r.released;
  IF after = before THEN
    RETURN;
  END IF;
  UPDATE sections SET reserved_open = after WHERE id = p_section_id;
  IF after < before THEN
    PERFORM section_seats_freed(p_section_id, 'reservation');
  END IF;
END
$$;
--> statement-breakpoint
-- hand-written: the registrar's form (as the app role) puts a section in a cross-list (docs/decisions/0025).
GRANT UPDATE ("cross_list_id") ON "sections" TO "curriculab_app";
