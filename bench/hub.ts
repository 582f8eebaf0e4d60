/**
 * Hub ingest over HTTP: P pushers, each with its own enrolled log, push B records per request
 * (each push carries one signed checkpoint) into a hub on the embedded store (fsync per push)
 * and, when $SUYUAN_TEST_PG is set, on PostgreSQL. Records and checkpoints are made before the
 * clock starts, so what is timed is the hub checking and storing them (the clients share the
 * machine's two cores with it).
 *
 *   node --conditions=@suyuan/source --import tsx bench/hub.ts [pushers] [pushes] [batch]
 *
 * Not yet: the baselines in the same run (PostgreSQL COPY of the same bytes, a
 * hand-written JSON + one-INSERT-per-record integrator), the trace-latency run, and a place in
 * bench/run.ts and results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogWriter, encode, encodeCheckpoint, toHex } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, PgHubStore, startHub, type HubStore } from '@suyuan/hub';
import { ENROL_KIND } from '@suyuan/verify';

const USCC = '92350102MA2MKT0013';
const authoritySigner = nodeSigner(new Uint8Array(32).fill(200));

interface Push { path: string; body: Uint8Array }

async function workload(pushers: number, pushes: number, batch: number) {
  const authority = LogWriter.create(authoritySigner, { enterprise: '12350000MB0000000K' }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const authRecords = [authority.genesis];
  const writers = Array.from({ length: pushers }, (_, i) => {
    const signer = nodeSigner(new Uint8Array(32).fill(10 + i));
    authRecords.push(authority.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: USCC, name: `m${i}`, roles: ['market'], validFrom: 1_700_000_000_000 } }).bytes);
    let t = 1_764_115_200_000;
    return LogWriter.create(signer, { enterprise: USCC }, { crypto: nodeCrypto, clock: () => (t += 10) });
  });
  const push = (logId: Uint8Array, from: number, records: Uint8Array[], cp: Awaited<ReturnType<LogWriter['checkpoint']>>): Push =>
    ({ path: `/v1/logs/${toHex(logId)}/push`, body: encode({ checkpoint: encodeCheckpoint(cp), from, records }) });
  const setup = [push(authority.logId, 0, authRecords, await authority.checkpoint())];
  const streams: Push[][] = [];
  for (const w of writers) {
    setup.push(push(w.logId, 0, [w.genesis], await w.checkpoint()));
    const s: Push[] = [];
    for (let p = 0; p < pushes; p++) {
      const records = Array.from({ length: batch }, (_, i) => w.append({ kind: 'food.sale', body: { lot: 'W-A1-1', product: { description: '青菜', category: '0101' }, quantity: { value: '2.5', unit: 'KGM' }, traceCode: `SY-${p}-${i}` } }).bytes);
      s.push(push(w.logId, 1 + p * batch, records, await w.checkpoint()));
    }
    streams.push(s);
  }
  return { setup, streams, records: pushers * pushes * batch };
}

async function post(url: string, p: Push): Promise<void> {
  const res = await fetch(url + p.path, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: p.body });
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

async function run(name: string, store: HubStore, w: Awaited<ReturnType<typeof workload>>): Promise<number> {
  const hub = await startHub({ store, trust: [authoritySigner.publicKey], witness: nodeSigner(new Uint8Array(32).fill(201)), port: 0, limits: { ratePerMinute: 1_000_000 } });
  try {
    for (const p of w.setup) await post(hub.url, p);
    const t0 = process.hrtime.bigint();
    await Promise.all(w.streams.map(async (s) => { for (const p of s) await post(hub.url, p); }));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rate = w.records / seconds;
    console.log(`${name.padEnd(10)} ${w.records} records in ${seconds.toFixed(2)} s: ${Math.round(rate)} records/s`);
    return rate;
  } finally {
    await hub.close();
  }
}

const [pushers = 8, pushes = 5, batch = 1000] = process.argv.slice(2).map(Number);
const w = await workload(pushers, pushes, batch);
console.log(`hub ingest: ${pushers} pushers × ${pushes} pushes × ${batch} records (${w.records} records, ~${Math.round(w.streams[0]![0]!.body.length / batch)} bytes each)`);
const dir = mkdtempSync(join(import.meta.dirname, '.tmp-hub-'));
try {
  await run('embedded', await EmbeddedHubStore.open(dir), w);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.SUYUAN_TEST_PG !== undefined) {
  const schema = `hub_bench_${process.pid}`;
  try {
    await run('postgres', await PgHubStore.open({ url: process.env.SUYUAN_TEST_PG, schema }), w);
  } finally {
    execFileSync('psql', [process.env.SUYUAN_TEST_PG, '-qc', `drop schema if exists ${schema} cascade`], { stdio: 'ignore' });
  }
}
