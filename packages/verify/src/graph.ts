import type { LogRecord } from '@suyuan/core';
import { LotGraph, type FoodFinding, type GraphOptions } from '@suyuan/food';

/** A log as the verifier hands it to the lot graph. `partial`: an excerpt, not every record is present. */
export interface GraphLogInfo {
  logId: Uint8Array;
  enterprise: string;
  name?: string;
  partial?: boolean;
}

/** The lot graph as the verifier feeds it: logs in any order, each log's signed records in seq order. */
export interface GraphFeed {
  /** `order` is the log's place in the bundle (used only while the graph is built in one go). */
  addLog(info: GraphLogInfo, order: number): number;
  addRecord(log: number, record: LogRecord): void;
  build(): LotGraph;
}

/**
 * The one place verify meets the lot graph's builder. Today it collects each log's records
 * and builds with `LotGraph.build` in bundle order; with food's streaming, order-independent
 * `LotGraphBuilder` it becomes `new LotGraphBuilder(opts)` with the same three calls.
 */
export function graphFeed(opts: GraphOptions & { onFinding?(f: FoodFinding): void }): GraphFeed {
  const logs: { order: number; logId: Uint8Array; enterprise: string; records: LogRecord[] }[] = [];
  return {
    addLog(info, order) {
      logs.push({ order, logId: info.logId, enterprise: info.enterprise, records: [] });
      return logs.length - 1;
    },
    addRecord(log, record) {
      logs[log]!.records.push(record);
    },
    build() {
      const graph = LotGraph.build([...logs].sort((a, b) => a.order - b.order), opts);
      if (opts.onFinding !== undefined) for (const f of graph.findings) opts.onFinding(f);
      return graph;
    },
  };
}
