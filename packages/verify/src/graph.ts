import { toHex, type LogRecord } from '@suyuan/core';
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
  addLog(info: GraphLogInfo): number;
  addRecord(log: number, record: LogRecord): void;
  build(): LotGraph;
}

interface Collected {
  logId: Uint8Array;
  hex: string;
  enterprise: string;
  records: LogRecord[];
  upstream: Set<string>;
}

/**
 * The one place verify meets the lot graph's builder. With food's streaming, order-independent
 * `LotGraphBuilder` this becomes `new LotGraphBuilder(opts)` with the same three calls. Until
 * then it collects each log's records and builds with `LotGraph.build`, which links receipts
 * and containers in the order it is given logs: so the logs are given in one canonical order,
 * the same whatever the bundle's, upstream before downstream (references point upstream),
 * ties and cycles broken by log id.
 */
export function graphFeed(opts: GraphOptions & { onFinding?(f: FoodFinding): void }): GraphFeed {
  const logs: Collected[] = [];
  return {
    addLog(info) {
      logs.push({ logId: info.logId, hex: toHex(info.logId), enterprise: info.enterprise, records: [], upstream: new Set() });
      return logs.length - 1;
    },
    addRecord(log, record) {
      const l = logs[log]!;
      l.records.push(record);
      for (const ref of record.refs) l.upstream.add(toHex(ref.logId));
    },
    build() {
      const graph = LotGraph.build(canonicalOrder(logs), opts);
      if (opts.onFinding !== undefined) for (const f of graph.findings) opts.onFinding(f);
      return graph;
    },
  };
}

/** Upstream logs first; among logs ready at once, and to break a cycle, the smallest log id. */
function canonicalOrder(logs: Collected[]): Collected[] {
  const present = new Map(logs.map((l) => [l.hex, l]));
  const waiting = new Map(logs.map((l) => [l.hex, new Set([...l.upstream].filter((u) => u !== l.hex && present.has(u)))]));
  const out: Collected[] = [];
  const left = new Set(logs.map((l) => l.hex));
  while (left.size > 0) {
    const ready = [...left].filter((h) => waiting.get(h)!.size === 0);
    const next = (ready.length > 0 ? ready : [...left]).sort()[0]!;
    left.delete(next);
    out.push(present.get(next)!);
    for (const h of left) waiting.get(h)!.delete(next);
  }
  return out;
}
