import { CborReader, decodeRecord, readRecord, toHex } from '@suyuan/core';
import type { HubStore } from '../store/hub-store.js';
import { OneAtATime, StoreFollower } from '../store-follower.js';
import type { TrustView } from '../trust.js';

const PIECE = 10_000;

/** GTIN-8, -12 and -13 as GTIN-14, the form a Digital Link URI carries. */
export const gtin14 = (gtin: string): string => (/^\d{8}$|^\d{12,13}$/.test(gtin) ? gtin.padStart(14, '0') : gtin);

type Body = Record<string, unknown>;

/**
 * The lot lines of a food record's body that name a product by GTIN: the body itself (harvest,
 * certificate, sale …) and the lines of its items, inputs, outputs and contents. `own` says the
 * line is the body's own (the record concerns that one lot only).
 */
export function gtinLines(body: Body): { gtin: string; lot: string; own: boolean }[] {
  const out: { gtin: string; lot: string; own: boolean }[] = [];
  const take = (v: unknown, own: boolean) => {
    if (v === null || typeof v !== 'object') return;
    const l = v as Body;
    const gtin = (l.product as Body | undefined)?.gtin;
    if (typeof l.lot === 'string' && typeof gtin === 'string') out.push({ gtin: gtin14(gtin), lot: l.lot, own });
  };
  take(body, true);
  for (const key of ['items', 'inputs', 'outputs', 'contents']) if (Array.isArray(body[key])) for (const l of body[key] as unknown[]) take(l, false);
  return out;
}

/** Where a GTIN and lot were recorded: the log, and the record that best shows it (see `rank`). */
export interface GtinLotHit {
  logId: string;
  enterprise: string;
  seq: number;
}

interface Best extends GtinLotHit {
  rank: number;
}

/**
 * Which record of a log stands for its lot of a GTIN in a consumer's excerpt: one about that
 * lot alone before one of several lots, and anything before a sale (a sale would show another
 * shopper's trace code); the earliest of equals.
 */
const rank = (kind: string, own: boolean) => (kind === 'food.sale' ? 2 : own ? 0 : 1);

/**
 * The hub's index of GS1 Digital Link lots: for each (GTIN-14, lot), the business logs whose
 * food records carry that lot with that GTIN, and for each log one record that shows it.
 *
 * Kept, not scanned per request: each stored record is read once, when a lookup first finds
 * the stored sizes beyond what was taken in (with a store that tells of every push, only after
 * one); a lookup otherwise costs one map read. It keeps one entry per (GTIN, lot, log), not
 * per record: a market's ten thousand sales of a lot are one entry.
 */
export class GtinLotIndex {
  private readonly taken = new Map<string, number>();
  private readonly hits = new Map<string, Map<string, Best>>();
  // One read at a time; callers arriving meanwhile share the single next one, as the query index does.
  private readonly reads = new OneAtATime(() => this.follower.catchUp(() => this.readNew()));
  private readonly follower: StoreFollower;

  constructor(private readonly store: HubStore, private readonly trust: TrustView) {
    this.follower = new StoreFollower(store);
  }

  /** The logs recording `lot` of `gtin` (any GTIN length), as stored when this is called. */
  async lookup(gtin: string, lot: string): Promise<GtinLotHit[]> {
    await this.refresh();
    return [...(this.hits.get(`${gtin14(gtin)}\n${lot}`)?.values() ?? [])].map(({ logId, enterprise, seq }) => ({ logId, enterprise, seq }));
  }

  /** Reads what the store holds beyond what was taken in, unless a live watch says nothing came. */
  private refresh(): Promise<void> {
    return this.follower.behind ? this.reads.run() : Promise.resolve();
  }

  private async readNew(): Promise<void> {
    for (const l of await this.store.logs()) {
      if (this.trust.isAuthority(l)) continue;
      const hex = toHex(l.logId);
      for (let from = this.taken.get(hex) ?? 0; from < l.size; from = this.taken.get(hex)!) {
        const records = await this.store.records(l.logId, from, Math.min(l.size, from + PIECE));
        if (records.length === 0) break; // never loop on a store that returns less than asked
        records.forEach((bytes, i) => this.take(hex, l.enterprise, from + i, bytes));
        this.taken.set(hex, from + records.length);
      }
    }
  }

  private take(logId: string, enterprise: string, seq: number, bytes: Uint8Array): void {
    // The kind without the body first: only food records carry lot lines.
    const kind = readRecord(new CborReader(bytes), false).kind;
    if (!kind.startsWith('food.')) return;
    for (const line of gtinLines(decodeRecord(bytes).body as Body)) {
      const key = `${line.gtin}\n${line.lot}`;
      const logs = this.hits.get(key) ?? this.hits.set(key, new Map()).get(key)!;
      const r = rank(kind, line.own);
      const prev = logs.get(logId);
      if (prev === undefined || r < prev.rank) logs.set(logId, { logId, enterprise, seq, rank: r });
    }
  }
}
