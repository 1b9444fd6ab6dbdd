/** Plain-text tables and number formats for the terminal (and the <pre> of the HTML page). */
export const perSecond = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n).toLocaleString('en-US') : '–');
export const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')) : '–');
export const ratio = (n: number) => (Number.isFinite(n) && n > 0 ? `${(n * 100).toFixed(0)}%` : '–');
export const latencies = (l: { p50: number; p95: number; p99: number }) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;

/** Columns right-aligned except the first; a rule under the header. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
