import { toHex } from '@suyuan/core';
import { BundleWriter, exportTrace } from '@suyuan/verify';
import { HubError } from './errors.js';
import { upstreamFirst } from './log-order.js';
import type { HubStore, StoredLog } from './store/hub-store.js';
import type { TrustView } from './trust.js';
import { upstreamLogs, wholeLog } from './upstream-logs.js';

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
  for (const log of [...authorities, ...chosen]) writer.addLog(await wholeLog(store, log));
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
  for (const a of authorities) writer.addLog(await wholeLog(store, a));
  exportTrace(writer, { logs: upstreamFirst(await upstreamLogs(store, hits.map((h) => toHex(h.logId)), authorityIds)), start: { traceCode: code } });
  return writer.finish()!;
}
