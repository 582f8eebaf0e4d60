/**
 * The hub on PostgreSQL (issue 17): ingest over HTTP from 50 concurrent pushers with every check
 * (canonical bytes, chain, checkpoint signature, tree root, enrolment and roles), against COPY of
 * the same rows (the database's limit) and a hand-written integrator (JSON, a signature and an
 * INSERT per record), in the same run; then trace-back latency at 64 concurrent clients over
 * everything stored. Records, checkpoints and signatures are made before any clock starts. The
 * hub is `suyuan serve` in processes of its own (bench/hub-serve.ts): one process, then one per
 * core (`--workers`); the pushers and the trace clients (bench/hub-trace.ts) run in this process,
 * all sharing the machine's cores with PostgreSQL.
 *
 *   node --conditions=@suyuan/source --import tsx bench/hub.ts [--quick]
 *
 * Needs PostgreSQL: $SUYUAN_TEST_PG, else the test cluster (packages/hub/test/pg-start.sh, started
 * here when the server is installed). Without one the figures are NaN and the table says why.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LogWriter, encode, encodeCheckpoint, toHex } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { PgHubStore, startHub } from '@suyuan/hub';
import { ENROL_KIND } from '@suyuan/verify';
import { copyBaseline, handwrittenBaseline, type HandwrittenRecord } from './hub-baselines.js';
import { serveProcess, type ServeProcess } from './hub-serve.js';
import { oneQueryMs, traceLatency, traceRows } from './hub-trace.js';
import type { Row } from './store.js';

const USCC = '92350102MA2MKT0013';
const authority = nodeSigner(new Uint8Array(32).fill(200));
const PUSHERS = 50;
const T = '2025-11-26T08:30:00+08:00';

export interface HubBenchResult {
  rows: Row[];
  headline: { hubIngestRecordsPerSec: number; hubIngestVsCopy: number; hubIngestVsHandwritten: number; hubTraceP99Ms: number };
  note: string;
}

interface Push { logId: Uint8Array; from: number; records: Uint8Array[]; leaves: Uint8Array[]; path: string; body: Uint8Array }

/** The test PostgreSQL, started if it is installed and not running. */
export function benchPgUrl(): string | undefined {
  const root = join(import.meta.dirname, '..');
  if (process.env.SUYUAN_TEST_PG !== undefined) return process.env.SUYUAN_TEST_PG;
  if (existsSync('/usr/lib/postgresql/15/bin/pg_ctl') || process.env.SUYUAN_PG_BIN !== undefined) {
    try {
      execFileSync('sh', [join(root, 'packages/hub/test/pg-start.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      return undefined;
    }
  }
  const file = process.env.SUYUAN_PG_URL_FILE ?? '/tmp/suyuan-test-pg.url';
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** PUSHERS farm shops (farm and market roles), each its own enrolled log; `pushes` signed pushes of `batch` sales each. */
export async function workload(pushes: number, batch: number) {
  const auth = LogWriter.create(authority, { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const authRecords = [auth.genesis];
  const signers = Array.from({ length: PUSHERS }, (_, i) => nodeSigner(new Uint8Array(32).fill(10 + i)));
  const writers = signers.map((signer, i) => {
    authRecords.push(auth.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: USCC, name: `m${i}`, roles: ['farm', 'market'], validFrom: 1_700_000_000_000 } }).bytes);
    let t = 1_764_115_200_000;
    return LogWriter.create(signer, { enterprise: USCC }, { crypto: nodeCrypto, clock: () => (t += 10) });
  });
  const push = (logId: Uint8Array, from: number, records: Uint8Array[], cp: Awaited<ReturnType<LogWriter['checkpoint']>>): Push => ({
    logId, from, records, leaves: records.map((r) => nodeCrypto.leafHash(r)),
    path: `/v1/logs/${toHex(logId)}/push`, body: encode({ checkpoint: encodeCheckpoint(cp), from, records }),
  });
  const setup = [push(auth.logId, 0, authRecords, await auth.checkpoint())];
  const codes: string[] = [];
  const streams: Push[][] = [];
  for (const [k, w] of writers.entries()) {
    setup.push(push(w.logId, 0, [w.genesis], await w.checkpoint()));
    const s: Push[] = [];
    for (let p = 0; p < pushes; p++) {
      // Each push harvests a lot, then sells it kilo by kilo, each sale with its trace code.
      const lot = `L-${k}-${p}`;
      const product = { description: '青菜', category: '0101' };
      const records = Array.from({ length: batch }, (_, i) => {
        if (i === 0) return w.append({ kind: 'food.harvest', body: { eventTime: T, lot, product, quantity: { value: String(batch), unit: 'KGM' }, method: 'harvest', origin: { region: '350102' } } }).bytes;
        const traceCode = `SY-${k}-${p}-${i}`;
        if (i % 97 === 1) codes.push(traceCode);
        return w.append({ kind: 'food.sale', body: { eventTime: T, lot, product, quantity: { value: '1', unit: 'KGM' }, traceCode } }).bytes;
      });
      s.push(push(w.logId, 1 + p * batch, records, await w.checkpoint()));
    }
    streams.push(s);
  }
  return { setup, streams, codes, signers, records: PUSHERS * pushes * batch };
}

export async function post(base: string, p: Pick<Push, 'path' | 'body'>): Promise<void> {
  const res = await fetch(base + p.path, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: p.body });
  if (res.status !== 200) throw new Error(`hub push: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** What an ingest run needs of a hub build: this worktree's, or an older copy's (bench/hub-ingest-ab.ts). */
export interface HubLib { PgHubStore: typeof PgHubStore; startHub: typeof startHub }

/**
 * Opens a hub on a fresh schema, pushes the setup (authority and genesis records, untimed),
 * then every stream from its own pusher at once (`beforeTimed` runs just before); resolves to the records/s of the streams and
 * the running hub (the caller closes it and drops the schema).
 */
export async function ingest(lib: HubLib, url: string, schema: string, w: Awaited<ReturnType<typeof workload>>, beforeTimed?: () => Promise<void>) {
  const store = await lib.PgHubStore.open({ url, schema });
  const hub = await lib.startHub({ store, trust: [authority.publicKey], witness: nodeSigner(new Uint8Array(32).fill(201)), port: 0, regulatorTokens: ['bench'], limits: { ratePerMinute: 1e9 } });
  try {
    for (const p of w.setup) await post(hub.url, p);
    await beforeTimed?.();
    const t0 = process.hrtime.bigint();
    await Promise.all(w.streams.map(async (s) => { for (const p of s) await post(hub.url, p); }));
    return { rate: w.records / (Number(process.hrtime.bigint() - t0) / 1e9), hub };
  } catch (e) {
    await hub.close();
    throw e;
  }
}

/** Drops a bench schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new (await import('pg')).default.Client({ connectionString: url });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

/** The two baselines on the same workload: COPY of the same rows, and the hand-written way on the first records of each pusher. */
export async function baselines(url: string, schema: string, w: Awaited<ReturnType<typeof workload>>, handShare: number) {
  const copyRate = w.records / await copyBaseline(url, `${schema}_copy`, w.streams.flat(), 10);
  const privateKeys = w.signers.map((_, k) => createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 10 + k)]), format: 'der', type: 'pkcs8' }));
  const handStreams = w.streams.map((s, k) => s.slice(0, 1).map((p) => JSON.stringify(p.records.slice(0, handShare).map((r, i): HandwrittenRecord => ({
    logId: toHex(p.logId), seq: p.from + i, record: Buffer.from(r).toString('base64'),
    signature: sign(null, r, privateKeys[k]!).toString('base64'), key: Buffer.from(w.signers[k]!.publicKey).toString('base64'),
  })))));
  const handRecords = w.streams.reduce((n, s) => n + Math.min(handShare, s[0]!.records.length), 0);
  const handRate = handRecords / await handwrittenBaseline(url, `${schema}_hand`, handStreams, 10);
  return { copyRate, handRate, handRecords };
}

/** Hub processes `suyuan serve --workers` starts here: one per core. */
export const WORKERS = availableParallelism();

/** `suyuan serve` with `workers` processes on `schema`; PostgreSQL connections per process from $SUYUAN_BENCH_DB_POOL (else the hub's default). */
function serve(url: string, schema: string, workers: number): Promise<ServeProcess> {
  const pool = process.env.SUYUAN_BENCH_DB_POOL;
  return serveProcess(url, schema, { authority: authority.publicKey, witnessSecret: new Uint8Array(32).fill(201) }, { workers, ...(pool !== undefined ? { pool: Number(pool) } : {}) });
}

/** Like `ingest`, into `suyuan serve --workers N` in processes of its own; resolves to the records/s and the running hub. */
async function ingestServed(url: string, schema: string, w: Awaited<ReturnType<typeof workload>>, workers: number) {
  const hub = await serve(url, schema, workers);
  try {
    for (const p of w.setup) await post(hub.url, p);
    const t0 = process.hrtime.bigint();
    await Promise.all(w.streams.map(async (s) => { for (const p of s) await post(hub.url, p); }));
    return { rate: w.records / (Number(process.hrtime.bigint() - t0) / 1e9), hub };
  } catch (e) {
    await hub.close();
    throw e;
  }
}

export async function runHubBench(quick: boolean): Promise<HubBenchResult> {
  const pushes = quick ? 4 : 20;
  const batch = quick ? 100 : 1000; // full: 1M records, every one of them stored through the hub
  const url = benchPgUrl();
  const nan = { hubIngestRecordsPerSec: NaN, hubIngestVsCopy: NaN, hubIngestVsHandwritten: NaN, hubTraceP99Ms: NaN };
  if (url === undefined) return { rows: [], headline: nan, note: 'no PostgreSQL here: the hub bench did not run' };
  const w = await workload(pushes, batch);
  const schema = `hub_bench_${process.pid}`;
  const rows: Row[] = [];

  // Baselines first (their tables are dropped after), then one hub process, then the hub as it
  // runs on this machine (a process per core), which keeps its rows for the queries.
  // The hand-written way is slow: its share is the first records of each pusher's first push (the same bytes).
  const { copyRate, handRate, handRecords } = await baselines(url, schema, w, quick ? 100 : 400);
  const one = await ingestServed(url, `${schema}_one`, w, 1);
  await one.hub.close();
  await dropSchema(url, `${schema}_one`);
  let { rate: hubRate, hub } = await ingestServed(url, schema, w, WORKERS);
  try {
    rows.push(
      { name: `hub ingest on PostgreSQL: \`suyuan serve --workers ${WORKERS}\`, ${PUSHERS} pushers over HTTP, every check (${w.records} records, ${batch} a push)`, unit: 'records/s', median: hubRate, ratio: hubRate / copyRate, baseline: 'COPY' },
      { name: 'the same into one hub process (--workers 1)', unit: 'records/s', median: one.rate, ratio: one.rate / copyRate, baseline: 'COPY' },
      { name: `PostgreSQL COPY of the same rows, 10 connections, a COPY per push, no checks (the limit)`, unit: 'records/s', median: copyRate },
      { name: `hand-written: JSON over HTTP, a signature and an INSERT per record (${handRecords} records)`, unit: 'records/s', median: handRate },
      { name: 'hub ingest against the hand-written way', unit: '×', median: hubRate / handRate },
    );

    // The trace half: one query on the ingest hub, which then makes way for a hub started on the stored rows.
    const afterPushesMs = await oneQueryMs(hub.url, w.codes[0]!);
    await hub.close();
    hub = await serve(url, schema, WORKERS);
    const trace = await traceLatency(hub, w.codes, quick ? 10 : 100);
    rows.push(...traceRows(trace, w.records, afterPushesMs, WORKERS));
    return {
      rows,
      headline: { hubIngestRecordsPerSec: hubRate, hubIngestVsCopy: hubRate / copyRate, hubIngestVsHandwritten: hubRate / handRate, hubTraceP99Ms: trace.p99 },
      note: '',
    };
  } finally {
    await hub.close();
    await dropSchema(url, schema);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printRows } = await import('./store.js');
  const r = await runHubBench(process.argv.includes('--quick'));
  console.log(printRows(r.rows));
  console.log(r.note || JSON.stringify(r.headline, null, 2));
}
