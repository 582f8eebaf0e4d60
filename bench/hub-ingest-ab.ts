/**
 * A/B of the hub's ingest on PostgreSQL, in one process: this worktree's hub (B) against an
 * older copy of packages/hub/src (A, by its index.ts), on the same signed workload, with COPY
 * and the hand-written baseline measured in each round beside them; interleaved rounds
 * (baselines, A, B; then B, A, …), medians. The machine is shared: compare within the run only.
 *   git archive OLD packages/hub/src | tar -x -C /tmp/old && cp -r /tmp/old/packages/hub/src packages/hub/ab-old/src
 *   node --conditions=@suyuan/source --import tsx bench/hub-ingest-ab.ts PUSHES BATCH ROUNDS [packages/hub/ab-old/src/index.ts]
 * (the old copy must sit under packages/hub so that its imports resolve; the default path is that one).
 */
import { resolve } from 'node:path';
import { PgHubStore, startHub } from '@suyuan/hub';
import { baselines, benchPgUrl, dropSchema, ingest, workload, type HubLib } from './hub.js';

const [pushesArg = '2', batchArg = '1000', roundsArg = '3', oldPath = 'packages/hub/ab-old/src/index.ts'] = process.argv.slice(2);
const url = benchPgUrl();
if (url === undefined) throw new Error('no PostgreSQL');
const old = (await import(resolve(oldPath))) as HubLib;
const sides: [string, HubLib][] = [['A (old)', old], ['B (new)', { PgHubStore, startHub }]];
const w = await workload(Number(pushesArg), Number(batchArg));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const got: Record<string, number[]> = { copy: [], hand: [], 'A (old)': [], 'B (new)': [] };
for (let r = 0; r < Number(roundsArg); r++) {
  const schema = `hub_ab_${process.pid}_${r}`;
  const b = await baselines(url, schema, w, 100); // the hand-written way is slow: the first 100 records of each pusher
  got.copy!.push(b.copyRate);
  got.hand!.push(b.handRate);
  for (const [name, lib] of r % 2 === 0 ? sides : [...sides].reverse()) {
    const s = `${schema}_${name[0]!.toLowerCase()}`;
    try {
      const { rate, hub } = await ingest(lib, url, s, w);
      await hub.close();
      got[name]!.push(rate);
    } finally {
      await dropSchema(url, s);
    }
  }
  console.log(`round ${r}:`, Object.entries(got).map(([k, v]) => `${k} ${Math.round(v[r]!)}`).join(', '));
}
const m = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, median(v)]));
console.log(`${w.records} records, ${batchArg} a push; medians of ${roundsArg} rounds (records/s):`, JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)]))));
for (const side of ['A (old)', 'B (new)']) console.log(`${side}: ${(m[side]! / m.copy!).toFixed(3)}× COPY, ${(m[side]! / m.hand!).toFixed(2)}× hand-written`);
console.log(`B/A: ${(m['B (new)']! / m['A (old)']!).toFixed(2)}×`);
