/**
 * Runs jobs strictly one at a time. A request made while a job runs is coalesced: at most one more
 * run follows, carrying every request made meanwhile (the strongest kind wins).
 */
export class SerialQueue<K extends string> {
  private running: Promise<void> | undefined;
  private pending: K | undefined;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly job: (kind: K) => Promise<void>,
    /** Which of two pending kinds to keep. */
    private readonly stronger: (a: K, b: K) => K,
  ) {}

  /** Asks for a run; resolves when a run that started after this request has finished. */
  request(kind: K): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pending = this.pending === undefined ? kind : this.stronger(this.pending, kind);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) this.running = this.loop();
    return done;
  }

  /** Stops taking requests; resolves once the current run (if any) has finished. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    await this.running;
  }

  /** The kind of the run requested while one runs, if any. */
  get waiting(): K | undefined {
    return this.pending;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  private async loop(): Promise<void> {
    while (this.pending !== undefined && !this.closed) {
      const kind = this.pending;
      const waiters = this.waiters;
      this.pending = undefined;
      this.waiters = [];
      try {
        await this.job(kind);
      } finally {
        for (const resolve of waiters) resolve();
      }
    }
    for (const resolve of this.waiters.splice(0)) resolve();
    this.running = undefined;
  }
}
