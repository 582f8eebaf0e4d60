import { decodeRecord, fromHex, toHex } from '@suyuan/core';
import { BundleWriter, exportTrace } from '@suyuan/verify';
import { HubError } from './errors.js';
import { upstreamFirst } from './log-order.js';
import type { HubStore, StoredLog } from './store/hub-store.js';
import type { TrustView } from './trust.js';

async function fullLog(store: HubStore, log: StoredLog) {
  return {
    logId: log.logId,
    enterprise: log.enterprise,
    records: await store.records(log.logId, 0, log.size),
    checkpoints: await store.checkpoints(log.logId),
    cosignatures: await store.cosignatures(log.logId),
  };
}

/**
 * A bundle of whole logs, as `suyuan verify` reads it. The authority logs this hub trusts
 * come first, always: without them no enrolment could be checked.
 */
export async function logsBundle(store: HubStore, trust: TrustView, logIds: readonly Uint8Array[], created = Date.now()): Promise<Uint8Array> {
  const authorities = await trust.authorityLogs();
  const seen = new Set(authorities.map((a) => toHex(a.logId)));
  const chosen: StoredLog[] = [];
  for (const id of logIds) {
    if (seen.has(toHex(id))) continue;
    const log = await store.log(id);
    if (log === undefined) throw new HubError('HUB_UNKNOWN_LOG', 404, `no log ${toHex(id)} on this hub`);
    seen.add(toHex(id));
    chosen.push(log);
  }
  const writer = BundleWriter.toMemory({ created, description: 'logs from a Suyuan hub' });
  for (const log of [...authorities, ...chosen]) writer.addLog(await fullLog(store, log));
  return writer.finish()!;
}

/**
 * The trace excerpt of one trace code (what a consumer's lookup needs and nothing else):
 * the authority logs whole, and for each business upstream of the sale, its genesis and the
 * records on the way, each proven against its latest checkpoint (@suyuan/verify's exportTrace).
 * Unknown codes are refused from the hub's index before any log is read.
 */
export async function traceBundle(store: HubStore, trust: TrustView, code: string, created = Date.now()): Promise<Uint8Array> {
  const hits = await store.traceCode(code);
  if (hits.length === 0) throw new HubError('HUB_NOT_FOUND', 404, 'no record on this hub carries this trace code');
  const authorities = await trust.authorityLogs();
  const authorityIds = new Set(authorities.map((a) => toHex(a.logId)));
  const writer = BundleWriter.toMemory({ created, description: `trace ${code} from a Suyuan hub` });
  for (const a of authorities) writer.addLog(await fullLog(store, a));
  exportTrace(writer, { logs: await upstreamLogs(store, hits.map((h) => h.logId), authorityIds), start: { traceCode: code } });
  return writer.finish()!;
}

/**
 * The logs a trace back can reach from these: the starting logs and, transitively, every log
 * their records reference (a receipt points at the shipment upstream). A superset of what the
 * trace needs, and usually a small part of the hub: other businesses are never read.
 */
async function upstreamLogs(store: HubStore, start: readonly Uint8Array[], skip: ReadonlySet<string>) {
  const seen = new Set<string>(start.map(toHex));
  const queue = [...seen];
  const out = [];
  while (queue.length > 0) {
    const hex = queue.shift()!;
    if (skip.has(hex)) continue;
    const log = await store.log(fromHex(hex));
    if (log === undefined) continue; // referenced but never pushed here
    const full = await fullLog(store, log);
    const records = full.records.map((r) => decodeRecord(r));
    out.push({ logId: full.logId, records, full });
    for (const r of records) {
      for (const ref of r.refs) {
        const h = toHex(ref.logId);
        if (!seen.has(h)) {
          seen.add(h);
          queue.push(h);
        }
      }
    }
  }
  return upstreamFirst(out).map((l) => l.full);
}
