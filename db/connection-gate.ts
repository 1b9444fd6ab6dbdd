/**
 * The deadline for getting a pooled connection. postgres.js queues a query without limit when every
 * connection is busy, and a queued query cannot be withdrawn safely (cancelling one that is about to become a
 * connection's first query leaves that connection stuck in "connecting"). So the app's client admits at most
 * `permits` (= the pool size) queries and transactions to postgres.js at a time; the rest wait here, first
 * come first served, and are refused after `timeoutMs` without ever being sent: a refusal means "nothing
 * happened", so the caller can answer 503 and the client can retry.
 */
import type postgres from 'postgres';

export class PoolTimeoutError extends Error {
  readonly code = 'POOL_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no database connection became free within ${timeoutMs} ms`);
  }
}

interface Waiter {
  grant(): void;
}

export class ConnectionGate {
  #free: number;
  readonly #waiters: Waiter[] = [];

  constructor(
    permits: number,
    private readonly timeoutMs: number,
  ) {
    this.#free = permits;
  }

  /** Runs `work` once a permit is free; refuses with PoolTimeoutError when none is free in time. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  #acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant() {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new PoolTimeoutError(this.timeoutMs));
      }, this.timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  #release() {
    const next = this.#waiters.shift();
    if (next) next.grant();
    else this.#free++;
  }
}

/**
 * A lazy stand-in for the query object `sql.unsafe()` returns, with the one method Drizzle's postgres-js
 * session calls on it (`.values()`); the real query is made only when a permit is granted.
 */
class GatedQuery implements PromiseLike<unknown> {
  #rows = false;
  #result: Promise<unknown> | undefined;

  constructor(private readonly send: (rows: boolean) => Promise<unknown>) {}

  values(): this {
    this.#rows = true;
    return this;
  }

  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#result ??= this.send(this.#rows);
    return this.#result.then(onFulfilled, onRejected);
  }
}

/**
 * The client Drizzle sees: `unsafe` (every query outside a transaction) and `begin` (a transaction, which holds
 * its permit until it ends) pass through the gate; everything else is the postgres.js client itself.
 */
export function gatedClient(client: postgres.Sql, gate: ConnectionGate): postgres.Sql {
  const unsafe = (...args: Parameters<postgres.Sql['unsafe']>) =>
    new GatedQuery((rows) => gate.run(async () => (rows ? client.unsafe(...args).values() : client.unsafe(...args))));
  const begin = (...args: unknown[]) => gate.run(() => (client.begin as (...a: unknown[]) => Promise<unknown>)(...args));
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      return Reflect.get(target, property, receiver);
    },
  });
}
