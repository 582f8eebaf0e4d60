import type { LogRecord } from '@suyuan/core';
import type { LotGraph, RecordId } from '@suyuan/food';

export type Body = Record<string, any>; // a decoded, validated event body
/** Reads records back by id (keys `${logId}:${seq}`): verify's `OpenedBundle.records`. */
export type ReadRecords = (ids: readonly RecordId[]) => Map<string, LogRecord>;

/**
 * The bodies of some events of the graph, read back from the bundle (the graph keeps no
 * bodies): one pass over each log concerned.
 */
export function bodiesOf(graph: LotGraph, read: ReadRecords, events: readonly number[]): Map<number, Body> {
  const records = read(events.map((id) => graph.recordOf(id)));
  const out = new Map<number, Body>();
  for (const id of events) {
    const r = graph.recordOf(id);
    out.set(id, (records.get(`${r.logId}:${r.seq}`)?.body ?? {}) as Body);
  }
  return out;
}

/** Every body of `events`, a chunk at a time, so that a lot sold a million times never holds a million bodies. */
export function eachBody(graph: LotGraph, read: ReadRecords, events: readonly number[], each: (id: number, body: Body) => void, chunk = 20_000): void {
  for (let i = 0; i < events.length; i += chunk) for (const [id, b] of bodiesOf(graph, read, events.slice(i, i + chunk))) each(id, b);
}
