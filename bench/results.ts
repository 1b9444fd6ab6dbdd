/** The shape of one bench run, as printed, charted and written to JSON. */
import type { SeatAudit } from './data';
import type { DropPaths } from './drop-paths';
import type { NoticeDelivery } from './notice-delivery';
import type { BenchOptions } from './options';
import type { RunResult } from './harness';
import type { FloorResult, RushResult } from './rush';
import type { SetsResult } from './sets';
import type { StreamsResult } from './streams';

export interface Measured extends RunResult {
  audit: SeatAudit;
}

export interface StrategyRow {
  strategy: string;
  label: string;
  /** Connections in the pool. */
  clients: number;
  /** Requests in flight: equal to clients for the strategy comparison, the rush size for the pool sweep. */
  inFlight: number;
  /** One hot section with a seat for everyone: successes per second. */
  admit: Measured;
  /** The rush: one hot section with `capacity` seats and `students` takers at once; it fills, then refuses. */
  rush: Measured;
  /** One hot section that is already full, `students` more takers: every answer is a refusal. */
  full: Measured;
}

export type EndToEnd =
  | { status: 'skipped' | 'unavailable' | 'failed'; instances: number; reason: string }
  | {
      status: 'ok';
      instances: number;
      bases: string[];
      appPool: string;
      floors: FloorResult[];
      hot: RushResult;
      /** The hot rush again on a fresh section, each POST as the section page's Enroll sends it. */
      page: RushResult;
      /** The same rush at a bare Node http server running the enroll statement (first run only). */
      bare: RushResult | { error: string };
      spread: RushResult;
      /** The 1-minute load average when the end-to-end rushes began (os.loadavg). */
      loadAverage: number;
      streams: EndToEndStreams;
      /** Sets against single sections (bench/sets.ts), measured in the first run only. */
      sets: SetsResult | { error: string };
    };

/** Live seats streams on one app server (bench/streams.ts), or why they were not measured. */
export type EndToEndStreams = StreamsResult | { error: string };

/** A bare-INSERT run; `again` marks the repeat just before the end-to-end part. */
export type CeilingRun = Measured & { clients: number; again?: boolean };

export interface Goal {
  goal: string;
  /** null when it could not be measured in this run. */
  met: boolean | null;
  detail: string;
}

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; node: string; postgres: string };
  options: Omit<BenchOptions, 'databaseUrl'>;
  agreement: Record<string, string[]>;
  ceiling: { hot: CeilingRun[]; best: CeilingRun; spread: CeilingRun };
  strategies: StrategyRow[];
  poolSweep: StrategyRow[];
  dropPaths: DropPaths;
  noticeDelivery: NoticeDelivery;
  /** One run per app-server count (`--instances`), in that order. */
  endToEnd: EndToEnd[];
  goals: Goal[];
}
