/**
 * A/B of the trace queries in one process (issue 17, not a test): the walk over every event
 * (reference-queries.ts) against the per-lot summaries (LotQueries), on the hub bench's
 * workload: `farms` farm logs, `lots` lots each, every lot harvested then sold kilo by kilo
 * (999 sales, one trace code each). Interleaved rounds, medians of the process's CPU time a
 * query (what the hub pays; less disturbed than wall time by others on the machine). Run:
 *   node --conditions=@suyuan/source --import tsx packages/food/test/trace-ab.ts [farms] [lots] [rounds]
 */
import type { LogRecord } from '@suyuan/core';
import { LotGraphBuilder, LotQueries } from '../src/index.js';
import { CODES } from './generator.js';
import { ReferenceQueries } from './reference-queries.js';

const [farms = 50, lots = 4, rounds = 7] = process.argv.slice(2).map(Number);
const BATCH = 1000;
const T = '2025-11-26T08:30:00+08:00';
const product = { description: '青菜', category: '0101' };

const t0 = performance.now();
const b = new LotGraphBuilder();
const codes: string[] = [];
for (let k = 0; k < farms; k++) {
  const logId = new Uint8Array(32).fill(k + 1);
  const h = b.addLog({ logId, enterprise: CODES[0]! });
  let seq = 1;
  const add = (kind: string, body: object) => b.addRecord(h, { version: 1, logId, seq: seq++, prev: new Uint8Array(32), time: 0, kind, body, refs: [] } as unknown as LogRecord);
  for (let p = 0; p < lots; p++) {
    const lot = `L-${k}-${p}`;
    add('food.harvest', { eventTime: T, lot, product, quantity: { value: String(BATCH), unit: 'KGM' }, method: 'harvest', origin: { region: '350102' } });
    for (let i = 1; i < BATCH; i++) {
      const traceCode = `SY-${k}-${p}-${i}`;
      if (i % 97 === 1) codes.push(traceCode);
      add('food.sale', { eventTime: T, lot, product, quantity: { value: '1', unit: 'KGM' }, traceCode });
    }
  }
}
const graph = b.build();
const t1 = performance.now();
const ref = new ReferenceQueries(graph);
const t2 = performance.now();
const fast = new LotQueries(graph);
const t3 = performance.now();
fast.traceBack({ traceCode: codes[0]! }); // the trace code index is made on first use, for both
console.log(`${farms * lots * BATCH} records, ${graph.nodes.length} lots, ${codes.length} codes; build ${(t1 - t0).toFixed(0)} ms; LotQueries: reference ${(t2 - t1).toFixed(1)} ms, with summaries ${(t3 - t2).toFixed(1)} ms`);

const starts = codes.map((traceCode) => ({ traceCode }));
const farmLots = graph.nodes.map((n) => ({ logId: graph.logs[n.log]!.hex, lot: n.lot }));
type Q = ReferenceQueries | LotQueries;
const cases: [string, (q: Q) => void][] = [
  ['traceBack (trace code)', (q) => { for (const s of starts) q.traceBack(s); }],
  ['traceForward (farm lot)', (q) => { for (const s of farmLots) q.traceForward(s); }],
  ['recall (farm lot)', (q) => { for (const s of farmLots) q.recall([s]); }],
];
const median = (xs: number[]) => xs.slice().sort((x, y) => x - y)[xs.length >> 1]!;
for (const [name, run] of cases) {
  const n = name.startsWith('traceBack') ? starts.length : farmLots.length;
  const times = { old: [] as number[], new: [] as number[] };
  for (let r = 0; r < rounds + 1; r++) {
    for (const [label, q] of (r % 2 === 0 ? [['old', ref], ['new', fast]] : [['new', fast], ['old', ref]]) as ['old' | 'new', Q][]) {
      const s = process.cpuUsage();
      run(q);
      const d = process.cpuUsage(s);
      const us = (d.user + d.system) / n;
      if (r > 0) times[label].push(us); // round 0 warms up
    }
  }
  const o = median(times.old);
  const f = median(times.new);
  console.log(`${name}: old ${o.toFixed(2)} µs, new ${f.toFixed(2)} µs of CPU a query (median of ${rounds}; ×${(o / f).toFixed(1)}); old ${times.old.map((x) => x.toFixed(1)).join(' ')} | new ${times.new.map((x) => x.toFixed(1)).join(' ')}`);
}
