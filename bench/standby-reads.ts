/**
 * Would catalog reads served by the hot standby help the registration day? (issue 25, docs/decisions/0021)
 * Starts the HA formation with the demo data and runs the catalog's page query with pgbench for 10 s per pass:
 * 8 clients on the primary alone, then 4 on the primary and 4 on the standby at once. Prints transactions per
 * second and the ratio (one run, on this machine: ratios, not absolute numbers).
 * Run: npx tsx --conditions=react-server bench/standby-reads.ts
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../db/client';
import { migrateDatabase } from '../db/tooling/migrate';
import { seedDemoData } from '../db/tooling/seed';
import { startHaCluster, type HaCluster } from '../stack/ha/cluster';
import { serviceUser } from '../stack/system';

// The catalog's first page for a term (db/queries/sections.ts listCatalog: page ids, then the rows).
const CATALOG_SQL = `SELECT s.id, s.code, s.capacity, s.enrolled_count, c.subject, c.number, c.title, u.name,
  (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id)
FROM (SELECT s2.id FROM sections s2 JOIN courses c2 ON c2.id = s2.course_id
      WHERE s2.term_id = (SELECT max(id) FROM terms) ORDER BY c2.subject, c2.number, s2.code LIMIT 25) p
JOIN sections s ON s.id = p.id JOIN courses c ON c.id = s.course_id LEFT JOIN users u ON u.id = s.instructor_id
ORDER BY c.subject, c.number, s.code;
`;

function pgbench(url: string, clients: number, script: string): Promise<number> {
  return new Promise((resolve, reject) =>
    execFile(
      '/usr/lib/postgresql/15/bin/pgbench',
      ['-n', '-c', String(clients), '-j', '2', '-T', '10', '-f', script, url],
      (error, stdout, stderr) => {
        if (error) return reject(new Error(stderr));
        resolve(Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0));
      },
    ),
  );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-standby-bench-'));
fs.chmodSync(dir, 0o755);
const script = path.join(dir, 'catalog.sql');
fs.writeFileSync(script, CATALOG_SQL);
let cluster: HaCluster | undefined;
try {
  cluster = await startHaCluster({ dir, runAs: serviceUser() });
  await migrateDatabase(cluster.url);
  const { db, close } = createDatabase(cluster.url, { max: 4 });
  await seedDemoData(db).finally(close);
  const { primary, standby } = await cluster.waitForPair();
  const primaryUrl = cluster.nodeUrl(primary);
  const standbyUrl = `${cluster.nodeUrl(standby)}?target_session_attrs=any`;
  await pgbench(primaryUrl, 2, script); // warm both caches
  await pgbench(standbyUrl, 2, script);
  const alone = await pgbench(primaryUrl, 8, script);
  const [p, s] = await Promise.all([pgbench(primaryUrl, 4, script), pgbench(standbyUrl, 4, script)]);
  console.log(`catalog page, 8 clients on the primary alone: ${alone.toFixed(0)} tps`);
  console.log(`4 on the primary + 4 on the standby: ${p.toFixed(0)} + ${s.toFixed(0)} = ${(p + s).toFixed(0)} tps`);
  console.log(`ratio split / alone: ${((p + s) / alone).toFixed(2)} (load average ${os.loadavg()[0]!.toFixed(1)})`);
} finally {
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
