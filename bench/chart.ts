/** A self-contained SVG (log-log panels, one line per strategy) and an HTML page around it. */
import type { BenchReport, StrategyRow } from './results';

interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

const COLORS: Record<string, string> = {
  trigger: '#1f77b4',
  'fast-path': '#2ca02c',
  'for-update': '#d62728',
  serializable: '#9467bd',
  naive: '#7f7f7f',
};

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Ticks at 1, 2 and 5 × 10^k inside [lo, hi]. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** k;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks;
}

const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

function panel(
  x0: number,
  y0: number,
  title: string,
  yUnit: string,
  xName: string,
  series: Series[],
  reference?: number,
): string {
  const [w, h, left, bottom] = [420, 230, 52, 34];
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series
    .flatMap((s) => s.points.map((p) => p[1]))
    .concat(reference ? [reference] : [])
    .filter((v) => v > 0 && Number.isFinite(v));
  const parts = [`<g transform="translate(${x0},${y0})"><text x="${left}" y="14" font-weight="bold">${escape(title)}</text>`];
  if (!xs.length || !ys.length) return `${parts.join('')}<text x="${left}" y="60">no data</text></g>`;
  const [xLo, xHi] = [Math.min(...xs), Math.max(...xs)];
  const [yLo, yHi] = [10 ** Math.floor(Math.log10(Math.min(...ys))), 10 ** Math.ceil(Math.log10(Math.max(...ys)))];
  const px = (v: number) =>
    left + (xHi === xLo ? (w - left) / 2 : ((Math.log(v) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo))) * (w - left - 10));
  const py = (v: number) => 24 + (1 - (Math.log(v) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo))) * (h - bottom - 24);
  for (const t of logTicks(yLo, yHi)) {
    parts.push(`<line x1="${left}" x2="${w}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 4}" y="${py(t) + 4}" text-anchor="end" font-size="10">${label(t)}</text>`);
  }
  for (const t of [...new Set(xs)]) {
    parts.push(`<text x="${px(t)}" y="${h - bottom + 14}" text-anchor="middle" font-size="10">${t}</text>`);
  }
  parts.push(`<text x="${(left + w) / 2}" y="${h - 6}" text-anchor="middle" font-size="11">${escape(xName)}</text>`);
  parts.push(
    `<text x="12" y="${h / 2}" transform="rotate(-90 12 ${h / 2})" text-anchor="middle" font-size="11">${escape(yUnit)}</text>`,
  );
  if (reference && reference > 0) {
    parts.push(`<line x1="${left}" x2="${w}" y1="${py(reference)}" y2="${py(reference)}" stroke="#000" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${w}" y="${py(reference) - 4}" text-anchor="end" font-size="10">ceiling</text>`);
  }
  for (const s of series) {
    const pts = s.points.filter(([, y]) => y > 0 && Number.isFinite(y));
    if (!pts.length) continue;
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')}"/>`,
    );
    for (const [x, y] of pts)
      parts.push(
        `<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${s.color}"><title>${escape(s.name)}: ${Math.round(y)}</title></circle>`,
      );
  }
  return `${parts.join('')}</g>`;
}

function seriesOf(rows: StrategyRow[], pick: (r: StrategyRow) => number): Series[] {
  const keys = [...new Set(rows.map((r) => r.strategy))];
  return keys.map((key) => ({
    name: key,
    color: COLORS[key] ?? '#ff7f0e',
    points: rows.filter((r) => r.strategy === key).map((r) => [r.clients, pick(r)] as [number, number]),
  }));
}

export function renderChart(r: BenchReport): string {
  const ceiling = r.ceiling.best.successes.perSecond;
  const panels = [
    panel(
      0,
      0,
      'Seats open: enrollments/s',
      'per second',
      'clients',
      seriesOf(r.strategies, (s) => s.admit.successes.perSecond),
      ceiling,
    ),
    panel(
      440,
      0,
      'Seats open: p99 latency of a success',
      'ms',
      'clients',
      seriesOf(r.strategies, (s) => s.admit.successes.latency.p99),
    ),
    panel(
      0,
      250,
      'Full section: rejections/s',
      'per second',
      'clients',
      seriesOf(r.strategies, (s) => s.full.rejections.perSecond),
    ),
    panel(
      440,
      250,
      'Full section: p99 latency of a rejection',
      'ms',
      'clients',
      seriesOf(r.strategies, (s) => s.full.rejections.latency.p99),
    ),
    panel(
      0,
      500,
      `App pool size, ${r.options.students} in flight: enrollments/s`,
      'per second',
      'pool size',
      seriesOf(r.poolSweep, (s) => s.admit.successes.perSecond),
      ceiling,
    ),
    panel(
      440,
      500,
      `App pool size, ${r.options.students} in flight: full-section rejections/s`,
      'per second',
      'pool size',
      seriesOf(r.poolSweep, (s) => s.full.rejections.perSecond),
    ),
  ];
  const keys = [...new Set([...r.strategies, ...r.poolSweep].map((s) => s.strategy))];
  const legend = keys
    .map(
      (k, i) =>
        `<g transform="translate(${60 + i * 150},762)"><rect width="14" height="4" y="-4" fill="${COLORS[k] ?? '#ff7f0e'}"/><text x="20" y="0">${escape(k)}</text></g>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="880" height="780" viewBox="0 0 880 780" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>${panels.join('\n')}${legend}</svg>\n`;
}

export function renderHtml(r: BenchReport, svg: string, text: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Curriculab bench ${escape(r.startedAt)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}pre{font-size:12px;overflow-x:auto;background:#f7f7f7;padding:1rem}</style>
</head><body><h1>Curriculab bench, ${escape(r.startedAt)}</h1>
${svg}
<pre>${escape(text)}</pre>
</body></html>
`;
}
