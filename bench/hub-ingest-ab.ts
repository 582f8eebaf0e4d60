/**
 * A/B of the hub's ingest on PostgreSQL, in one process: this worktree's hub (B) against an
 * older copy of packages/hub/src (A, by its index.ts), on the same signed workload, with COPY
 * and the hand-written baseline measured in each round beside them; interleaved rounds
 * (baselines, A, B; then B, A, …), medians. The machine is shared: compare within the run only.
 *   git archive OLD packages/hub/src | tar -x -C /tmp/old && cp -r /tmp/old/packages/hub/src packages/hub/ab-old/src
 *   node --conditions=@suyuan/source --import tsx bench/hub-ingest-ab.ts PUSHES BATCH ROUNDS [packages/hub/ab-old/src/index.ts]
 * (the old copy must sit under packages/hub so that its imports resolve; the default path is that one).
 * Besides records/s it reports CPU µs a record, of this process (hub and its HTTP clients) and of
 * the hub's PostgreSQL backends (by /proc, found by application_name): less disturbed by the
 * other work on a shared machine than wall time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
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
const cpu: Record<string, { node: number[]; pg: number[] }> = { 'A (old)': { node: [], pg: [] }, 'B (new)': { node: [], pg: [] } };
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in seconds (USER_HZ 100)
};
async function backendSeconds(app: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const pids = (await c.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [app])).rows.map((r) => r.pid);
    return pids.reduce((t, pid) => t + ticks(pid), 0);
  } finally {
    await c.end();
  }
}
for (let r = 0; r < Number(roundsArg); r++) {
  const schema = `hub_ab_${process.pid}_${r}`;
  const b = await baselines(url, schema, w, 100); // the hand-written way is slow: the first 100 records of each pusher
  got.copy!.push(b.copyRate);
  got.hand!.push(b.handRate);
  for (const [name, lib] of r % 2 === 0 ? sides : [...sides].reverse()) {
    const s = `${schema}_${name[0]!.toLowerCase()}`;
    try {
      let c0 = process.cpuUsage();
      let pg0 = 0;
      const { rate, hub } = await ingest(lib, `${url}${url.includes('?') ? '&' : '?'}application_name=${s}`, s, w, async () => {
        pg0 = await backendSeconds(s);
        c0 = process.cpuUsage();
      });
      const c = process.cpuUsage(c0);
      cpu[name]!.node.push((c.user + c.system) / w.records);
      cpu[name]!.pg.push((await backendSeconds(s) - pg0) * 1e6 / w.records);
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
for (const [side, c] of Object.entries(cpu)) console.log(`${side}: CPU µs a record (medians): this process ${median(c.node).toFixed(1)}, PostgreSQL backends ${median(c.pg).toFixed(1)}`);
