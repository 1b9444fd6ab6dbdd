-- The kinds compared as text: PostgreSQL 15 refuses an enum value added earlier in the same transaction (a fresh
-- database runs every migration in one), and passed_over was added by ALTER TYPE in 0008.
CREATE TRIGGER enrollment_events_notify AFTER INSERT ON enrollment_events FOR EACH ROW WHEN ((((new.kind)::text = ANY (ARRAY['promoted'::text, 'passed_over'::text])) OR (((new.kind)::text = ANY (ARRAY['dropped'::text, 'withdrawn'::text])) AND (new.actor_id IS DISTINCT FROM new.student_id)))) EXECUTE FUNCTION enrollment_events_notify();
