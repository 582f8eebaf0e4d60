import { LotGraph, LotGraphBuilder, LotQueries, type GraphLog } from '../src/index.js';

/**
 * Everything a user can ask of a graph, in one comparable value: the findings, and for every
 * lot trace back, trace forward, recall and mass balance; for every business one step back
 * and forward; for every trace code its trace back. Two graphs of the same records must give
 * equal answers whatever order the logs were given in.
 */
export function answers(g: LotGraph) {
  const q = new LotQueries(g);
  const lots = g.nodes.map((n) => ({ logId: g.logs[n.log]!.hex, lot: n.lot })).sort((a, b) => (a.logId + a.lot < b.logId + b.lot ? -1 : 1));
  return {
    findings: g.findings,
    lots: lots.map((l) => ({ l, back: q.traceBack(l), forward: q.traceForward(l), recall: q.recall([l]), balance: q.massBalance(l) })),
    steps: g.logs.map((l) => ({ log: l.hex, back: q.oneStepBack(l.hex), forward: q.oneStepForward(l.hex) })).sort((a, b) => (a.log < b.log ? -1 : 1)),
    codes: [...g.traceCodes.keys()].sort().map((code) => ({ code, back: q.traceBack({ traceCode: code }) })),
  };
}

/**
 * Feeds logs to the streaming builder interleaved: `picks` chooses, record by record, which
 * log's next record comes next (each log stays in seq order, as the contract requires).
 */
export function buildInterleaved(logs: readonly GraphLog[], order: readonly number[], picks: readonly number[]): LotGraph {
  const b = new LotGraphBuilder();
  const open = order.map((i) => ({ log: logs[i]!, handle: b.addLog({ logId: logs[i]!.logId, enterprise: logs[i]!.enterprise, ...(logs[i]!.partial ? { partial: true } : {}) }), next: 0 }));
  let k = 0;
  for (;;) {
    const left = open.filter((o) => o.next < o.log.records.length);
    if (left.length === 0) break;
    const o = left[(picks.length === 0 ? 0 : picks[k++ % picks.length]!) % left.length]!;
    b.addRecord(o.handle, o.log.records[o.next++]!);
  }
  return b.build();
}

/** Every permutation of 0..n-1 (n small). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}
