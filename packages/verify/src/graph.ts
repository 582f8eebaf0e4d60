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

/** Upstream logs first; among logs ready at once, and to break a cycle, the smallest log id. O((logs + links) log logs). */
function canonicalOrder(logs: Collected[]): Collected[] {
  const byHex = new Map(logs.map((l) => [l.hex, l]));
  const waiting = new Map<string, number>();
  const downstream = new Map<string, string[]>();
  for (const l of logs) {
    let n = 0;
    for (const u of l.upstream) {
      if (u === l.hex || !byHex.has(u)) continue;
      n++;
      (downstream.get(u) ?? downstream.set(u, []).get(u)!).push(l.hex);
    }
    waiting.set(l.hex, n);
  }
  const ready = new MinHeap();
  for (const [h, n] of waiting) if (n === 0) ready.push(h);
  const all = [...byHex.keys()].sort();
  let smallest = 0;
  const done = new Set<string>();
  const out: Collected[] = [];
  while (out.length < logs.length) {
    let next = ready.pop();
    while (next !== undefined && done.has(next)) next = ready.pop();
    if (next === undefined) { // a cycle: take the smallest log left
      while (done.has(all[smallest]!)) smallest++;
      next = all[smallest]!;
    }
    done.add(next);
    out.push(byHex.get(next)!);
    for (const d of downstream.get(next) ?? []) {
      const n = waiting.get(d)! - 1;
      waiting.set(d, n);
      if (n === 0 && !done.has(d)) ready.push(d);
    }
  }
  return out;
}

/** A binary min-heap of strings. */
class MinHeap {
  private readonly a: string[] = [];

  push(v: string): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): string | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
