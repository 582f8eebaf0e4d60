/** When a ledger signs a checkpoint on its own. */
export interface AutoCheckpointOptions {
  /** After this many events since the last checkpoint. */
  records?: number;
  /** Every this many milliseconds, if anything was appended since the last checkpoint. */
  ms?: number;
  /**
   * Where a failed automatic checkpoint is reported. Without it, the error is thrown by the
   * ledger's next call, so that it never passes unnoticed.
   */
  onError?: (error: unknown) => void;
}

/**
 * Triggers checkpoints by count and by time. The timer is unref'd (it never keeps a process
 * alive) and stopped on close; a trigger while one runs is folded into it.
 */
export class AutoCheckpoint {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly opts: AutoCheckpointOptions,
    /** How many records no signed checkpoint covers yet. */
    private readonly unsigned: () => number,
    /** Signs a checkpoint. */
    private readonly run: () => Promise<unknown>,
    private readonly fail: (error: unknown) => void,
  ) {
    if (opts.ms !== undefined) {
      this.timer = setInterval(() => { if (this.unsigned() > 0) void this.trigger(); }, opts.ms);
      this.timer.unref();
    }
  }

  /** Called after durable appends: triggers a checkpoint when enough records are unsigned. */
  appended(): void {
    if (this.opts.records !== undefined && this.unsigned() >= this.opts.records) void this.trigger();
  }

  private trigger(): Promise<void> {
    this.running ??= this.run().then(
      () => undefined,
      (e: unknown) => { (this.opts.onError ?? this.fail)(e); },
    ).finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Stops the timer and waits for a checkpoint under way. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
