/** Latency percentiles and rates for one measured run. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of milliseconds; NaN when there is nothing to rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Events per second over a window; 0 for an empty window. */
export function rate(events: number, windowMs: number): number {
  return windowMs > 0 ? (events * 1000) / windowMs : 0;
}

/**
 * The answers of one kind: their latencies, and their rate over the time from the first request that got
 * such an answer being sent to the last such answer arriving. On a section that fills up, rejections are
 * counted from when they start, not from when the first seat was taken.
 */
export class Window {
  readonly latencies: number[] = [];
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  add(sentMs: number, answeredMs: number) {
    this.latencies.push(answeredMs - sentMs);
    this.first = Math.min(this.first, sentMs);
    this.last = Math.max(this.last, answeredMs);
  }

  rates(): { count: number; perSecond: number; latency: LatencySummary } {
    const n = this.latencies.length;
    return { count: n, perSecond: n ? rate(n, this.last - this.first) : 0, latency: summarize(this.latencies) };
  }
}
