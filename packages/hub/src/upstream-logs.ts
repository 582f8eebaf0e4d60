import { decodeRecord, fromHex, toHex, type LogRecord } from '@suyuan/core';
import type { HubStore, StoredLog } from './store/hub-store.js';

/** A stored log whole, as a bundle carries it, and its records decoded. */
export interface WholeLog {
  logId: Uint8Array;
  enterprise: string;
  records: Uint8Array[];
  checkpoints: Awaited<ReturnType<HubStore['checkpoints']>>;
  cosignatures: Awaited<ReturnType<HubStore['cosignatures']>>;
  decoded: LogRecord[];
}

/** A stored log whole (its records, checkpoints and cosignatures), as a bundle carries it. */
export async function wholeLog(store: HubStore, log: StoredLog): Promise<Omit<WholeLog, 'decoded'>> {
  return {
    logId: log.logId,
    enterprise: log.enterprise,
    records: await store.records(log.logId, 0, log.size),
    checkpoints: await store.checkpoints(log.logId),
    cosignatures: await store.cosignatures(log.logId),
  };
}

/**
 * The logs a walk by reference reaches: the starting logs (hex ids) first, then, breadth first,
 * every log their records reference, transitively. `get` gives a log, or undefined for one not
 * there (never pushed here, or left out), which is skipped.
 */
export async function reachedLogs<L extends { decoded: readonly LogRecord[] }>(start: readonly string[], get: (hex: string) => L | undefined | Promise<L | undefined>): Promise<L[]> {
  const seen = new Set(start);
  const queue = [...seen];
  const out: L[] = [];
  for (let hex = queue.shift(); hex !== undefined; hex = queue.shift()) {
    const log = await get(hex);
    if (log === undefined) continue;
    out.push(log);
    for (const r of log.decoded) for (const ref of r.refs) {
      const h = toHex(ref.logId);
      if (!seen.has(h)) {
        seen.add(h);
        queue.push(h);
      }
    }
  }
  return out;
}

/**
 * The logs a trace back can reach from these (hex ids), read whole from the store: the starting
 * logs and, transitively, every log their records reference (a receipt points at the shipment
 * upstream), except those in `skip`. A superset of what the trace needs, and usually a small
 * part of the hub: other businesses are never read.
 */
export function upstreamLogs(store: HubStore, start: readonly string[], skip: ReadonlySet<string>): Promise<WholeLog[]> {
  return reachedLogs(start, async (hex) => {
    if (skip.has(hex)) return undefined;
    const log = await store.log(fromHex(hex));
    if (log === undefined) return undefined;
    const whole = await wholeLog(store, log);
    return { ...whole, decoded: whole.records.map((r) => decodeRecord(r)) };
  });
}
