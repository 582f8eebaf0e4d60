import type { HubStore } from './store/hub-store.js';

/**
 * What an index kept beside the store needs to know to stay current: whether the store tells
 * of every push (its watch is live), and whether one came since the last read. Without a live
 * watch, every refresh must ask the store.
 */
export class StoreFollower {
  private live = false;
  private dirty = true;

  constructor(store: HubStore) {
    store.watch?.({
      changed: () => { this.dirty = true; },
      live: (ok) => {
        this.live = ok;
        this.dirty = true;
      },
    });
  }

  /** Whether the store may hold what was not read yet. */
  get behind(): boolean {
    return !this.live || this.dirty;
  }

  /** Reads `read` (what the store holds beyond what is kept); a push committed from its start on marks it behind again, as does a failure. */
  async catchUp(read: () => Promise<void>): Promise<void> {
    this.dirty = false;
    try {
      await read();
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }
}

/**
 * One run of `work` at a time: callers arriving while one runs share the single next run,
 * which starts after they asked (so it sees everything stored before they asked).
 */
export class OneAtATime<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly work: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.queued !== undefined) return this.queued;
    if (this.running === undefined) return this.start();
    const queued = this.running.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.start();
    });
    this.queued = queued;
    return queued;
  }

  private start(): Promise<T> {
    const run = this.work().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
