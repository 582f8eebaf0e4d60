import { toHex, type LogRecord } from '@suyuan/core';
import { LotGraphBuilder, LotQueries } from '@suyuan/food';
import { BundleWriter, exportTrace } from '@suyuan/verify';
import { HubError } from '../errors.js';
import { upstreamFirst } from '../log-order.js';
import type { HubStore } from '../store/hub-store.js';
import type { TrustView } from '../trust.js';
import { reachedLogs, upstreamLogs, wholeLog } from '../upstream-logs.js';
import { gtin14, type GtinLotHit, type GtinLotIndex } from './gtin-lots.js';

/**
 * The trace excerpt of a GS1 Digital Link lot (`/01/{gtin}/10/{lot}`), what a shopper's phone
 * verifies: the authority logs whole, and the closure of a trace back from the one lot the
 * GTIN and lot name (`resolveLot`), starting at a record of that lot that carries the GTIN, so
 * the phone can check the GTIN too. Nothing downstream of that lot: public lookups return
 * that trace only. `HUB_NOT_FOUND` (404) when no lot, or no single lot, is named.
 */
export async function lotBundle(store: HubStore, trust: TrustView, index: GtinLotIndex, gtin: string, lot: string, created = Date.now()): Promise<Uint8Array> {
  const hits = await index.lookup(gtin, lot);
  if (hits.length === 0) throw new HubError('HUB_NOT_FOUND', 404, `no business on this hub records lot ${lot} of GTIN ${gtin14(gtin)}`);
  const authorities = await trust.authorityLogs();
  const skip = new Set(authorities.map((a) => toHex(a.logId)));
  const logs = await upstreamLogs(store, hits.map((h) => h.logId), skip);
  const start = resolveLot(hits, lot, logs);
  if (start === undefined) throw new HubError('HUB_NOT_FOUND', 404, `lot ${lot} of GTIN ${gtin14(gtin)} is recorded by ${hits.length} businesses none of whose lots came from the others: the code names no single lot`);
  const writer = BundleWriter.toMemory({ created, description: `lot ${lot} of GTIN ${gtin14(gtin)} from a Suyuan hub` });
  for (const a of authorities) writer.addLog(await wholeLog(store, a));
  // Only what the lot's own trace back reaches (the walk again, over the logs already read).
  const byId = new Map(logs.map((l) => [toHex(l.logId), l]));
  const upstream = await reachedLogs([start.logId], (hex) => byId.get(hex));
  exportTrace(writer, { logs: upstreamFirst(upstream), start: { logId: start.logId, seq: start.seq }, direction: 'back' });
  return writer.finish()!;
}

/**
 * Which of the lots recorded with a GTIN and lot code a shopper's code names (docs/DECISIONS.md,
 * issue 18): of the lots that every other such lot came from or went into, the first on the
 * way (the batch where the code was first recorded, before it forked to several shops);
 * undefined when there is none (unrelated businesses record the same GTIN and lot).
 */
export function resolveLot(hits: readonly GtinLotHit[], lot: string, logs: readonly { logId: Uint8Array; enterprise: string; decoded: readonly LogRecord[] }[]): GtinLotHit | undefined {
  if (hits.length === 1) return hits[0];
  const b = new LotGraphBuilder();
  for (const l of logs) {
    const n = b.addLog({ logId: l.logId, enterprise: l.enterprise });
    for (const r of l.decoded) b.addRecord(n, r);
  }
  const q = new LotQueries(b.build());
  const key = (h: GtinLotHit) => `${h.logId}\n${lot}`;
  // The lots upstream of each (itself included); a lot only named by voided records is not there.
  const present = hits.map((h) => ({ h, up: new Set(q.traceBack({ logId: h.logId, lot }).lots.map((l) => `${l.logId}\n${l.lot}`)) })).filter((x) => x.up.has(key(x.h)));
  const related = (x: (typeof present)[number], y: (typeof present)[number]) => x.up.has(key(y.h)) || y.up.has(key(x.h));
  const candidates = present.filter((x) => present.every((y) => related(x, y)));
  return candidates.find((c) => candidates.every((d) => d.up.has(key(c.h))))?.h;
}
