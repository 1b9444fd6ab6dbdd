import { parseCommandLine, usageError } from '../scripts/command-line';

export interface BenchOptions {
  quick: boolean;
  /** Students in the end-to-end rush and in each full-section run. */
  students: number;
  /** Seats in the hot section of the rush. */
  capacity: number;
  /** Sections in the spread scenario. */
  sections: number;
  /** Client counts for the strategy comparison. */
  concurrency: number[];
  /** App pool sizes for the pool-size sweep. */
  poolSizes: number[];
  /** Passes over the pool sizes (alternating order); each figure is the best pass. */
  rounds: number;
  /** Client counts tried for the ceiling; the best one is the ceiling. */
  ceilingClients: number[];
  /** Enrollment attempts in each "seats available" run (time-capped by phaseSeconds). */
  admitAttempts: number;
  /** Upper bound on one measured run; a slow strategy is measured on what it finished by then. */
  phaseSeconds: number;
  baseUrl: string[] | undefined;
  databaseUrl: string | undefined;
  /** App-server counts: one end-to-end run each (one server, then several behind the students' round robin). */
  instances: number[];
  /** DB_POOL_MAX for the app servers the bench starts; undefined keeps the app's default. */
  appPool: number | undefined;
  e2e: boolean;
  /** Live seats streams opened on one app server by the end-to-end part (bench/streams.ts); 0 skips them. */
  streams: number;
  /** Embedded cluster without fsync and synchronous_commit (what the unit tests use). */
  fastCommit: boolean;
  outDir: string;
  /** The registration-day scenario instead of the rush (docs/decisions/0015). */
  registrationDay: boolean;
  /** The import section (bench/import.ts): 'also' after the rush (default), 'only', or 'skip'. */
  importSection: 'also' | 'only' | 'skip';
  dayStudents: number;
  daySections: number;
  /** Offered arrival rates (students per second), one step each, rising. */
  rates: number[];
  stepSeconds: number;
  /** Students signed in before the clock starts; arrivals take them in turn (argon2 makes signing 20,000 in slow). */
  sessions: number;
  /** The registration day also runs each rate as the opening rush and in appointment slots. */
  appointments: boolean;
  /** Length of one appointment slot (seconds); the step's students are shared out over step / slot slots. */
  slotSeconds: number;
}

const HELP = `npm run bench -- [options]
  --quick                 smoke run (< 1 min): small sizes, fewer client counts, fsync-off cluster
  --import                only the import section: 13,000 sections and 40,000 students by npm run import
  --no-import             skip the import section (it runs after the rush otherwise; never with --quick)
  --students N            students in the rush (default 500; quick 100)
  --capacity N            seats in the hot section (default 50; quick 20)
  --sections N            sections in the spread scenario (default 100; quick 20)
  --concurrency a,b,c     client counts for the strategies (default 8,64,256; quick 8,64)
  --pool-sizes a,b,...    app pool sizes to sweep (default 4,8,16,32; quick 8,32)
  --rounds N              passes over the pool sizes, best one kept (default 2; quick 1)
  --ceiling-clients a,b   client counts tried for the ceiling (default 1,2,4,8,16; quick 2,4)
  --admit N               attempts per "seats available" run (default 1500; quick 300)
  --phase-seconds S       cap on one measured run (default 1; quick 0.4)
  --base-url URL[,URL]    an app that is already running (needs --database-url: the app's database)
  --database-url URL      PostgreSQL server; without --base-url a throwaway database is made on it
  --instances a,b         app-server counts, one end-to-end run each (default 1,2; quick 1; each 1–4)
  --app-pool N            DB_POOL_MAX for those app servers (default: the app's own default)
  --no-e2e                skip the end-to-end rush
  --streams N             live seats streams held open on one app server (default 1000; quick 100; 0 skips)
  --fast-commit           embedded PostgreSQL with fsync/synchronous_commit off (always so with --quick)
  --durable               keep durable commits with --quick
  --out DIR               where the JSON and the chart go (default bench-results)

  --registration-day      instead: a term at scale, the catalog timed, then an open-loop arrival of students
                          at rising rates (the knee: the highest rate with p99 < 1 s and no 5xx)
    --students N          students seeded (default 20000; quick 2000)
    --sections N          sections seeded (default 5000; quick 500)
    --rates a,b,...       arrivals per second, one step each (default 5,10,20,40,80,160,320; quick 5,20)
    --step-seconds S      length of each step (default 10; quick 3)
    --sessions N          students signed in up front and taken in turn by arrivals (default 1500; quick 100)
    --slot-seconds S      appointment slot length: each rate again as the opening rush and in slots of the step's
                          students every S s (default step / 5)
    --no-appointments     skip that comparison
`;

function list(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const numbers = value.split(',').map((v) => Number(v.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1)) usageError(HELP, `not a list of positive integers: ${value}`);
  return numbers;
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) usageError(HELP, `--${name} must be a positive number, got ${value}`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseCommandLine(
    HELP,
    {
      quick: { type: 'boolean', default: false },
      students: { type: 'string' },
      capacity: { type: 'string' },
      sections: { type: 'string' },
      concurrency: { type: 'string' },
      'pool-sizes': { type: 'string' },
      'ceiling-clients': { type: 'string' },
      rounds: { type: 'string' },
      admit: { type: 'string' },
      'phase-seconds': { type: 'string' },
      'base-url': { type: 'string' },
      'database-url': { type: 'string' },
      instances: { type: 'string' },
      streams: { type: 'string' },
      'app-pool': { type: 'string' },
      'no-e2e': { type: 'boolean', default: false },
      'fast-commit': { type: 'boolean', default: false },
      durable: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
      'registration-day': { type: 'boolean', default: false },
      import: { type: 'boolean', default: false },
      'no-import': { type: 'boolean', default: false },
      rates: { type: 'string' },
      'step-seconds': { type: 'string' },
      sessions: { type: 'string' },
      'slot-seconds': { type: 'string' },
      'no-appointments': { type: 'boolean', default: false },
    },
    { args: argv },
  );
  const quick = values.quick ?? false;
  const baseUrl = values['base-url']?.split(',').map((u) => u.trim().replace(/\/$/, ''));
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (baseUrl && !databaseUrl) {
    usageError(
      HELP,
      "--base-url needs --database-url (the app's database): the bench creates its students there and checks seats",
    );
  }
  const instances = list(values.instances, quick ? [1] : [1, 2]);
  if (instances.some((n) => n > 4)) usageError(HELP, '--instances: at most 4 app servers on one machine');
  return {
    quick,
    students: count(values.students, quick ? 100 : 500, 'students'),
    capacity: count(values.capacity, quick ? 20 : 50, 'capacity'),
    sections: count(values.sections, quick ? 20 : 100, 'sections'),
    concurrency: list(values.concurrency, quick ? [8, 64] : [8, 64, 256]),
    poolSizes: list(values['pool-sizes'], quick ? [8, 32] : [4, 8, 16, 32]),
    rounds: count(values.rounds, quick ? 1 : 2, 'rounds'),
    ceilingClients: list(values['ceiling-clients'], quick ? [2, 4] : [1, 2, 4, 8, 16]),
    admitAttempts: count(values.admit, quick ? 300 : 1500, 'admit'),
    phaseSeconds: count(values['phase-seconds'], quick ? 0.4 : 1, 'phase-seconds'),
    baseUrl,
    databaseUrl,
    instances,
    appPool: values['app-pool'] === undefined ? undefined : count(values['app-pool'], 8, 'app-pool'),
    e2e: !(values['no-e2e'] ?? false),
    streams: values.streams === '0' ? 0 : count(values.streams, quick ? 100 : 1000, 'streams'),
    // The smoke run checks behaviour, not speed: it must not wait on a shared disk's fsyncs.
    fastCommit: (values['fast-commit'] ?? false) || (quick && !(values.durable ?? false)),
    outDir: values.out ?? 'bench-results',
    registrationDay: values['registration-day'] ?? false,
    importSection: values.import ? 'only' : values['no-import'] || quick ? 'skip' : 'also',
    dayStudents: count(values.students, quick ? 2000 : 20_000, 'students'),
    daySections: count(values.sections, quick ? 500 : 5000, 'sections'),
    rates: list(values.rates, quick ? [5, 20] : [5, 10, 20, 40, 80, 160, 320]),
    stepSeconds: count(values['step-seconds'], quick ? 3 : 10, 'step-seconds'),
    sessions: count(values.sessions, quick ? 100 : 1500, 'sessions'),
    appointments: !(values['no-appointments'] ?? false),
    slotSeconds: count(values['slot-seconds'], count(values['step-seconds'], quick ? 3 : 10, 'step-seconds') / 5, 'slot-seconds'),
  };
}
