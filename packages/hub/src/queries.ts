import { toHex } from '@suyuan/core';
import { LotGraph, LotQueries, type TraceStart } from '@suyuan/food';
import { decodeLog, upstreamFirst } from './log-order.js';
import type { HubStore } from './store/hub-store.js';
import type { TrustView } from './trust.js';

/**
 * The lot graph of every business log on the hub (authority logs left out), for regulators'
 * cross-business queries, with @suyuan/food's own LotGraph and LotQueries so the answers are
 * the ones a verifier computes from a bundle of the same logs. Built per query from the store
 * (hub processes keep no state): fine for a market, not yet for a province (see docs/HUB.md).
 */
export async function hubQueries(store: HubStore, trust: TrustView): Promise<LotQueries> {
  const authorities = new Set((await trust.authorityLogs()).map((a) => toHex(a.logId)));
  const logs = [];
  for (const l of await store.logs()) {
    if (authorities.has(toHex(l.logId))) continue;
    logs.push(decodeLog({ logId: l.logId, enterprise: l.enterprise, records: await store.records(l.logId, 0, l.size) }));
  }
  return new LotQueries(LotGraph.build(upstreamFirst(logs)));
}

/** `?traceCode=…`, `?logId=…&lot=…` or `?logId=…&seq=…`: exactly one. */
export function traceStart(q: { traceCode?: string; logId?: string; lot?: string; seq?: number }): TraceStart | undefined {
  if (q.traceCode !== undefined) return q.logId === undefined && q.lot === undefined && q.seq === undefined ? { traceCode: q.traceCode } : undefined;
  if (q.logId === undefined) return undefined;
  if (q.lot !== undefined) return q.seq === undefined ? { logId: q.logId, lot: q.lot } : undefined;
  return q.seq !== undefined ? { logId: q.logId, seq: q.seq } : undefined;
}
