import { decodeRecord, toHex, type LogRecord } from '@suyuan/core';
import { LotGraph, LotQueries, type TraceStart } from '@suyuan/food';
import type { LogStore } from '@suyuan/store';
import { parseTraceUri } from './digital-link.js';
import { SdkError } from './errors.js';

/** The lot graph of one ledger's own records, and its queries. */
export interface OwnGraph {
  graph: LotGraph;
  queries: LotQueries;
  logId: string;
  records: LogRecord[];
}

/**
 * Builds the lot graph of the ledger's records, read from its store. It costs a read and a
 * decode of every record: a query is for a recall or a customer's question, not per sale.
 */
export async function ownGraph(store: LogStore, logId: Uint8Array, enterprise: string): Promise<OwnGraph> {
  const records = (await store.readRange(0, store.size)).map((r) => decodeRecord(r));
  const graph = LotGraph.build([{ logId, enterprise, records }]);
  return { graph, queries: new LotQueries(graph), logId: toHex(logId), records };
}

/**
 * Where a trace of `code` starts in this ledger: a sale's trace code, a pack's container id,
 * or a trace code URI (GS1 Digital Link: the lot; hub `/t/`: the code). `TRACE_CODE_UNKNOWN`
 * if nothing here carries it.
 */
export function traceStart(own: OwnGraph, code: string): TraceStart {
  if (typeof code !== 'string') throw new SdkError('TRACE_CODE_UNKNOWN', 'a trace code is a string', { path: 'code' });
  let start: TraceStart = { traceCode: code };
  if (code.startsWith('https://')) {
    const t = parseTraceUri(code);
    start = t.kind === 'hub' ? { traceCode: t.code } : { logId: own.logId, lot: t.lot };
  }
  if (own.queries.resolve(start).length > 0) return start;
  if ('traceCode' in start) {
    const wanted = start.traceCode;
    // The lot graph indexes sales' trace codes only; a pack's code is its container's id.
    const pack = own.records.findLast((r) => r.kind === 'food.pack' && (r.body.container as { id?: unknown } | undefined)?.id === wanted);
    if (pack !== undefined) return { logId: own.logId, seq: pack.seq };
  }
  throw new SdkError('TRACE_CODE_UNKNOWN', `no record of this ledger carries ${JSON.stringify(code)}`, { path: 'code' });
}

/** The start of a recall of `lot` at this business; `LOT_UNKNOWN` if no record names it. */
export function lotStart(own: OwnGraph, lot: string): TraceStart {
  const start = { logId: own.logId, lot };
  if (own.queries.resolve(start).length === 0) throw new SdkError('LOT_UNKNOWN', `no record of this ledger names lot ${JSON.stringify(lot)}`, { path: 'lot' });
  return start;
}
