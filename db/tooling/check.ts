import { sql } from 'drizzle-orm';
import { createDatabase } from '../client';
import { parseCommandLine } from '../../scripts/command-line';
import { runDatabaseCli } from './cli';
import { findEnrollmentDrift, findHistoryDrift, findRuleDrift, findSeatPoolDrift, findWaitlistDrift } from '../queries/integrity';

parseCommandLine('npm run db:check   (no options: DATABASE_URL, else the embedded cluster of npm run dev)', {});

runDatabaseCli(
  'db:check',
  async (url, target) => {
    const { db, close } = createDatabase(url);
    try {
      const drift = await findEnrollmentDrift(db);
      const [total] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM sections`);
      for (const d of drift) {
        console.log(
          `section ${d.sectionId}: enrolled_count ${d.enrolledCount}, seat-holding enrollments ${d.seatsHeld}, capacity ${d.capacity}`,
        );
      }
      if (drift.length) {
        console.error(`db:check: ${drift.length} of ${total?.n ?? 0} sections drift on ${target}`);
        process.exitCode = 1;
      } else {
        console.log(`db:check: no drift in ${total?.n ?? 0} sections on ${target}`);
      }
      // The registration rules' derived data: per-seat rows, credit totals, the per-student meetings; incomplete sets.
      const ruleDrift = await findRuleDrift(db);
      for (const d of ruleDrift) {
        console.log(
          `${d.kind}: student ${d.studentId}, term ${d.termId ?? '?'}${d.enrollmentId ? `, enrollment ${d.enrollmentId}` : ''}: ` +
            `stored ${d.stored ?? 'nothing'}, expected ${d.expected ?? 'nothing'}`,
        );
      }
      if (ruleDrift.length) {
        console.error(`db:check: ${ruleDrift.length} rule rows (seats, credit totals, meetings, sets) drift on ${target}`);
        process.exitCode = 1;
      } else {
        console.log(`db:check: seats, credit totals, student meetings and sets match the enrollments on ${target}`);
      }
      // Waitlists: no free seat while a student not passed over waits, no one waits for a seat they hold, positions.
      const waitlistDrift = await findWaitlistDrift(db);
      for (const d of waitlistDrift) console.log(`${d.kind}: section ${d.sectionId}, student ${d.studentId ?? '-'}`);
      if (waitlistDrift.length) {
        console.error(`db:check: ${waitlistDrift.length} waitlist problems on ${target}`);
        process.exitCode = 1;
      } else {
        console.log(`db:check: waitlists agree with the seats on ${target}`);
      }
      // Reserved seats and cross-lists (docs/decisions/0025): their counters against what they count.
      const poolDrift = await findSeatPoolDrift(db);
      for (const d of poolDrift) console.log(`${d.kind} ${d.id}: stored ${d.stored ?? '-'}, expected ${d.expected ?? '-'}`);
      if (poolDrift.length) {
        console.error(`db:check: ${poolDrift.length} reserved-seat or cross-list counters drift on ${target}`);
        process.exitCode = 1;
      } else {
        console.log(`db:check: reserved seats and cross-list counts match the seats on ${target}`);
      }
      // The history (docs/decisions/0012): replaying enrollment_events gives the seats and waitlists held now.
      const historyDrift = await findHistoryDrift(db);
      for (const d of historyDrift) {
        console.log(
          `history ${d.kind}: student ${d.studentId}, section ${d.sectionId}: replayed ${d.replayed ?? 'nothing'}, stored ${d.stored ?? 'nothing'}`,
        );
      }
      if (historyDrift.length) {
        console.error(`db:check: ${historyDrift.length} seats or places differ from the history's replay on ${target}`);
        process.exitCode = 1;
      } else {
        console.log(`db:check: the history replays to the seats and waitlists held on ${target}`);
      }
    } finally {
      await close();
    }
  },
  // It checks a database that exists: an empty cluster made for it would only fail confusingly.
  { create: false },
);
