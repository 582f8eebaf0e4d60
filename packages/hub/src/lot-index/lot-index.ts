import { CborReader, decodeRecord, readRecord, toHex } from '@suyuan/core';
import { LotGraphBuilder, LotQueries } from '@suyuan/food';
import type { HubStore } from '../store/hub-store.js';
import { OneAtATime, StoreFollower } from '../store-follower.js';
import type { TrustView } from '../trust.js';
import { PackedRecords } from './packed.js';

const PIECE = 10_000;

/** What the index keeps of one business log: its food records' bytes, nothing decoded. */
interface Indexed {
  logId: Uint8Array;
  enterprise: string;
  /** Records of the log taken in so far (its prefix [0, taken)). */
  taken: number;
  /** Records handed over by pushes, not looked at yet (a push pays nothing for the index). */
  raw: Uint8Array[];
  /** Food records (the only ones the lot graph reads), in seq order. */
  food: PackedRecords;
  /** The latest record if it is not a food record (a copy): the graph counts a log's size by its last record. */
  tail: Uint8Array | undefined;
}

/**
 * The hub's query index: every business log's food records, taken in as pushes store them,
 * and the lot graph over them (@suyuan/food's own LotGraphBuilder and LotQueries, so answers
 * are the ones a verifier computes from a bundle of the same logs).
 *
 * Kept, not rebuilt per query: a push hands its stored records over (`stored`), and records
 * another hub process stored on the same database are read once, when the stored sizes show
 * them. The graph is linked once per change of the hub and shared by every query until the
 * next one; concurrent queries wait for one build. @suyuan/food's builder links in one pass
 * and cannot be extended after `build`, so a change re-links from the kept records (no store
 * read, no verification again) — O(food records) per change, not per query.
 */
export class LotIndex {
  private readonly logs = new Map<string, Indexed>();
  private graph: { version: number; queries: LotQueries } | undefined;
  private version = 0;
  private readonly refreshes = new OneAtATime(() => this.refresh());
  private readonly follower: StoreFollower;

  constructor(private readonly store: HubStore, private readonly trust: TrustView) {
    this.follower = new StoreFollower(store);
  }

  /**
   * A push stored records [from, from + records.length) of a log (their kinds, as the push
   * decoded them): take them in if they continue what is kept.
   */
  stored(log: { logId: Uint8Array; enterprise: string; author: Uint8Array }, from: number, records: readonly Uint8Array[], kinds?: readonly string[]): void {
    if (this.trust.isAuthority(log)) return;
    const hex = toHex(log.logId);
    let x = this.logs.get(hex);
    if (x === undefined && from === 0) this.logs.set(hex, x = { logId: log.logId, enterprise: log.enterprise, taken: 0, raw: [], food: new PackedRecords(), tail: undefined });
    if (x === undefined || x.taken !== from) return; // a gap: the next query reads it from the store
    if (kinds !== undefined && x.raw.length === 0) {
      records.forEach((bytes, i) => this.keep(x, bytes, kinds[i]!));
    } else {
      x.raw.push(...records);
    }
    x.taken += records.length;
    this.version++;
  }

  /**
   * The queries over every business log as stored when this is called. Concurrent callers
   * share refreshes: one runs at a time, and everyone arriving meanwhile waits for the single
   * next one (which starts after they arrived, so it sees what was stored before they asked).
   */
  queries(): Promise<LotQueries> {
    return this.refreshes.run();
  }

  private async refresh(): Promise<LotQueries> {
    // Without a live watch, every refresh asks the store for the stored sizes; with one, only
    // after a push was committed somewhere (this process's pushes are already handed over).
    if (this.follower.behind) await this.follower.catchUp(() => this.readLogs());
    for (const x of this.logs.values()) this.sort(x);
    if (this.graph?.version !== this.version) this.graph = { version: this.version, queries: new LotQueries(this.build()) };
    return this.graph.queries;
  }

  /** Takes in whatever the store holds beyond what is kept. */
  private async readLogs(): Promise<void> {
    for (const l of await this.store.logs()) {
      if (this.trust.isAuthority(l)) continue;
      const hex = toHex(l.logId);
      let x = this.logs.get(hex);
      if (x === undefined) this.logs.set(hex, x = { logId: l.logId, enterprise: l.enterprise, taken: 0, raw: [], food: new PackedRecords(), tail: undefined });
      while (x.taken < l.size) {
        const from = x.taken;
        const records = await this.store.records(l.logId, from, Math.min(l.size, from + PIECE));
        if (x.taken !== from) continue; // a push handed records over meanwhile: read on from there
        x.raw.push(...records);
        x.taken += records.length;
        this.version++;
      }
    }
  }

  /** Keeps the food records of what was read from the store. */
  private sort(x: Indexed): void {
    // The kind without building the body (the record was checked canonical when it was pushed).
    for (const bytes of x.raw) this.keep(x, bytes, readRecord(new CborReader(bytes), false).kind);
    x.raw = [];
  }

  private keep(x: Indexed, bytes: Uint8Array, kind: string): void {
    if (kind.startsWith('food.')) {
      x.food.push(bytes);
      x.tail = undefined;
    } else {
      x.tail = bytes.slice(); // its own copy: a view would pin the buffer it came in
    }
  }

  private build() {
    const b = new LotGraphBuilder();
    // The builder is order-independent (CONTRACTS.md); sorted only so builds are reproducible.
    for (const x of [...this.logs.values()].sort((p, q) => toHex(p.logId).localeCompare(toHex(q.logId)))) {
      const n = b.addLog({ logId: x.logId, enterprise: x.enterprise });
      for (let i = 0; i < x.food.length; i++) b.addRecord(n, decodeRecord(x.food.at(i)));
      if (x.tail !== undefined) b.addRecord(n, decodeRecord(x.tail));
    }
    return b.build();
  }
}
