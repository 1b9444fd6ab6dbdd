/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. the app server during `npm run bench`): the top frames by
 * self time and by inclusive time, and self time by package. Used for docs/decisions/0014.
 *
 *   npx tsx scripts/profile-summary.ts PROFILE.cpuprofile [top=25] [last=SECONDS]
 *
 * `last` keeps only the final SECONDS of the profile: with the bench, the rehearsal and the rushes come after the
 * sign-ins (whose Auth.js token minting would otherwise dominate).
 */
import fs from 'node:fs';
import { parseCommandLine, usageError, wholeNumber } from './command-line';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const USAGE = 'npx tsx scripts/profile-summary.ts PROFILE.cpuprofile [top=25] [last=SECONDS]';
const {
  positionals: [file, topArg, lastArg, ...extra],
} = parseCommandLine(USAGE, {}, { positionals: true });
if (!file || extra.length) usageError(USAGE, file ? `unexpected argument: ${extra[0]}` : 'which profile? (a .cpuprofile file)');
if (!fs.existsSync(file)) usageError(USAGE, `no such file: ${file}`);
const top = wholeNumber(USAGE, 'top', topArg, 25);
if (lastArg !== undefined) wholeNumber(USAGE, 'last', lastArg, 0, 0);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/\.next\//, '.next/');
const frameName = ({ callFrame: f }: ProfileNode) =>
  `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
const packageOf = ({ callFrame: f }: ProfileNode) => {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (match) return match[1]!;
  if (f.url.includes('/.next/')) return '.next (app bundle)';
  if (f.url.startsWith('node:')) return 'node internals';
  return shortUrl(f.url).split('/').slice(0, 2).join('/');
};

// Sample durations in ms: each sample lasts until the next one.
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const perPackage = new Map<string, number>();
let total = 0;
const from = lastArg ? profile.endTime - Number(lastArg) * 1e6 : Number.NEGATIVE_INFINITY;
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at < from) return;
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  total += ms;
  const node = byId.get(id)!;
  self.set(frameName(node), (self.get(frameName(node)) ?? 0) + ms);
  perPackage.set(packageOf(node), (perPackage.get(packageOf(node)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let n: ProfileNode | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
    const name = frameName(n);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
});

const idle = self.get('(idle) ') ?? 0;
const busy = total - idle;
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  [...table]
    .filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([name, ms]) =>
      console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${name}`),
    );
};
console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (percentages are of busy)`);
print('self time by package', perPackage);
print('self time by frame', self);
print('inclusive time by frame', inclusive);
