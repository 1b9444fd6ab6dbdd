import os from 'node:os';

/** A one-line progress bar on stderr (\r-redrawn on a terminal, one line per step elsewhere, e.g. CI). */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private total: number) {}

  /** Steps can be discovered late (the e2e part may be skipped); the bar stays honest. */
  setTotal(total: number) {
    this.total = Math.max(total, this.done);
  }

  /** A section's start, with the machine's 1-minute load average (a busy machine slows every figure after it). */
  step(label: string) {
    this.draw(`${label} (load average ${os.loadavg()[0]!.toFixed(1)})`);
    this.done = Math.min(this.total, this.done + 1);
  }

  note(label: string) {
    this.draw(label);
  }

  finish() {
    this.done = this.total;
    this.draw('done');
    if (this.tty) process.stderr.write('\n');
  }

  private draw(label: string) {
    const width = 28;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0).padStart(3);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${seconds}s ${label}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
    else process.stderr.write(`${line}\n`);
  }
}
