/** Demo catalog and names for `npm run db:seed` (product.md: ~40 courses, 120 sections). */

export const DEMO_PASSWORD = 'curriculab';
export const DEMO_TERM = { code: '2027SP', name: 'Spring 2027' };
/** A finished term whose completed enrollments satisfy prerequisites in the demo term. */
export const PAST_TERM = { code: '2026FA', name: 'Fall 2026' };

/** Courses offered in the past term (one section each, meeting patterns 0–3: no two overlap), 15 credits at most. */
export const PAST_COURSES = ['CS 101', 'MATH 110', 'PHYS 101', 'MATH 230'] as const;

/** [course, prerequisite]: CS 101 → CS 201 → CS 310 is a chain; nobody has completed CS 201 yet. */
export const PREREQUISITES: ReadonlyArray<readonly [course: string, prerequisite: string]> = [
  ['CS 201', 'CS 101'],
  ['CS 310', 'CS 201'],
  ['CS 310', 'MATH 230'],
  ['MATH 120', 'MATH 110'],
  ['PHYS 102', 'PHYS 101'],
  ['PHYS 102', 'MATH 110'],
];

/** Demo students with an active registration hold (they can still drop). */
export const HELD_STUDENTS: ReadonlyArray<readonly [student: number, reason: string]> = [[20, 'Unpaid tuition balance']];

/** Demo students 001–010 completed CS 101 and MATH 110 last term (CS 201 is open to them); 011–020 did not. */
export const DEMO_COMPLETED = { students: 10, courses: ['CS 101', 'MATH 110'] } as const;

export const COURSES: ReadonlyArray<readonly [subject: string, number: string, title: string, credits: number]> = [
  ['CS', '101', 'Introduction to Programming', 4],
  ['CS', '201', 'Data Structures', 4],
  ['CS', '220', 'Computer Systems', 4],
  ['CS', '310', 'Algorithms', 3],
  ['CS', '340', 'Databases', 3],
  ['CS', '360', 'Operating Systems', 4],
  ['CS', '420', 'Distributed Systems', 3],
  ['CS', '450', 'Machine Learning', 3],
  ['MATH', '110', 'Calculus I', 4],
  ['MATH', '120', 'Calculus II', 4],
  ['MATH', '210', 'Linear Algebra', 3],
  ['MATH', '230', 'Discrete Mathematics', 3],
  ['MATH', '310', 'Probability', 3],
  ['MATH', '320', 'Real Analysis', 3],
  ['STAT', '200', 'Introductory Statistics', 3],
  ['STAT', '330', 'Regression Analysis', 3],
  ['PHYS', '101', 'Mechanics', 4],
  ['PHYS', '102', 'Electricity and Magnetism', 4],
  ['PHYS', '250', 'Modern Physics', 3],
  ['CHEM', '101', 'General Chemistry I', 4],
  ['CHEM', '102', 'General Chemistry II', 4],
  ['CHEM', '210', 'Organic Chemistry', 4],
  ['BIO', '110', 'Cell Biology', 4],
  ['BIO', '220', 'Genetics', 3],
  ['BIO', '305', 'Ecology', 3],
  ['ECON', '101', 'Principles of Microeconomics', 3],
  ['ECON', '102', 'Principles of Macroeconomics', 3],
  ['ECON', '310', 'Econometrics', 3],
  ['PSYC', '100', 'Introduction to Psychology', 3],
  ['PSYC', '240', 'Cognitive Psychology', 3],
  ['HIST', '105', 'World History since 1500', 3],
  ['HIST', '230', 'History of Science', 3],
  ['ENGL', '101', 'Academic Writing', 3],
  ['ENGL', '215', 'The Modern Novel', 3],
  ['PHIL', '120', 'Ethics', 3],
  ['PHIL', '210', 'Logic', 3],
  ['ART', '110', 'Drawing I', 3],
  ['MUS', '130', 'Music Theory', 3],
  ['LING', '201', 'Introduction to Linguistics', 3],
  ['SPAN', '101', 'Elementary Spanish', 4],
];

export const FIRST_NAMES = [
  'Ava',
  'Noah',
  'Mia',
  'Liam',
  'Zoë',
  'Mateo',
  'Aisha',
  'Kenji',
  'Chloé',
  'Omar',
  'Priya',
  'Lucas',
  'Sofía',
  'Ethan',
  'Hana',
  'Jonas',
  'Amara',
  'Diego',
  'Leila',
  'Felix',
  'Nia',
  'Sven',
  'Yara',
  'Tomás',
  'Ingrid',
  'Kwame',
  'Mei',
  'Rafael',
  'Elif',
  'Oskar',
  'Anaïs',
  'Samuel',
  'Freya',
  'Arjun',
  'Lucía',
  'Malik',
];

export const LAST_NAMES = [
  'Okafor',
  'Nguyen',
  'García',
  'Smith',
  'Müller',
  'Kowalski',
  'Haddad',
  'Tanaka',
  "O'Brien",
  'Rossi',
  'Johansson',
  'Patel',
  'Dubois',
  'Kim',
  'Novak',
  'Silva',
  'Cohen',
  'Mensah',
  'Ivanova',
  'Fernández',
  'Larsen',
  'Chen',
  'Ahmed',
  'Moreau',
  'Schmidt',
  'Costa',
  'Yilmaz',
  'Brown',
  'Lopez',
  'Sato',
];

export const MEETING_PATTERNS: ReadonlyArray<readonly [days: string, start: string, end: string]> = [
  ['MWF', '09:00', '09:50'],
  ['MWF', '10:00', '10:50'],
  ['MWF', '13:00', '13:50'],
  ['TR', '09:30', '10:45'],
  ['TR', '11:00', '12:15'],
  ['TR', '14:00', '15:15'],
  ['MW', '15:30', '16:45'],
  ['F', '14:00', '16:50'],
];

export const BUILDINGS = ['Hall A', 'Science Center', 'Library', 'Engineering', 'Humanities', 'Arts Building'];

export const CAPACITIES = [12, 18, 20, 24, 25, 30, 35, 40, 50, 60, 80];

export const studentEmail = (n: number) => `student${String(n).padStart(3, '0')}@curriculab.test`;
export const instructorEmail = (n: number) => `instructor${String(n).padStart(2, '0')}@curriculab.test`;
export const REGISTRAR_EMAIL = 'registrar@curriculab.test';

/** Deterministic PRNG (mulberry32): the same seed run gives the same demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
