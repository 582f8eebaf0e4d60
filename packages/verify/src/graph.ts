import type { LogRecord, RecordRef } from '@suyuan/core';
import { LotGraphBuilder, type GraphLogInfo, type GraphOptions, type LotGraph } from '@suyuan/food';

export type { GraphLogInfo };

/** The lot graph as the verifier feeds it: logs in any order, each log's signed records in seq order. */
export interface GraphFeed {
  addLog(info: GraphLogInfo): number;
  addRecord(log: number, record: LogRecord): void;
  /** A record with its body still encoded, at bytes[start, end) (canonical CBOR, already read strictly). */
  addEncoded(log: number, record: { seq: number; kind: string; refs: RecordRef[] }, bytes: Uint8Array, start: number, end: number): void;
  build(): LotGraph;
}

/**
 * The one place verify meets the lot graph's builder: food's streaming, order-independent
 * LotGraphBuilder (findings go to `opts.onFinding` when given).
 */
export function graphFeed(opts: GraphOptions): GraphFeed {
  return new LotGraphBuilder(opts);
}
