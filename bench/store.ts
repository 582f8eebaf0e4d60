/**
 * Storage benchmark: appends per second into the file store in each durability mode, next to
 * the raw cost of writing the same bytes with fs.appendFile + fsync, in the same run.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore, type DurabilityMode } from '@suyuan/store';
import { benchEvent } from './events.js';
import { fmtRate, medianSecondsAsync } from './lib.js';

export interface Row { name: string; unit: string; median: number; ratio?: number; baseline?: string }

const signer = nodeSigner(new Uint8Array(32).fill(1));
const T0 = 1_764_115_200_000;

function scratchDir(): string {
  return mkdtempSync(join(import.meta.dirname, '.tmp-store-'));
}

/**
 * Seconds to append `n` events, `perCall` per call, `inFlight` calls outstanding at once,
 * until the last is durable. Opening and closing the store are not timed.
 */
async function durableAppends(mode: DurabilityMode, n: number, perCall: number, inFlight: number): Promise<number> {
  const dir = scratchDir();
  try {
    const log = await DurableLog.create(await FileLogStore.open(dir, { mode }), signer, { enterprise: 'E' }, { clock: () => T0 });
    const start = process.hrtime.bigint();
    // A sliding window: appends resolve in order, so waiting for the oldest keeps `inFlight` outstanding.
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < n; i += perCall) {
      const events = Array.from({ length: Math.min(perCall, n - i) }, (_, k) => benchEvent(i + k));
      pending.push(perCall === 1 ? log.append(events[0]!) : log.appendBatch(events));
      if (pending.length >= inFlight) await pending.shift();
    }
    await Promise.all(pending);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await log.close();
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median of `runs` results of `fn` (after one warm-up run). */
async function medianOf(runs: number, fn: () => Promise<number>): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The hand-written way: the same record bytes appended to a file, fsync after every `batch` records. */
function rawAppends(records: Uint8Array[], batch: number): void {
  const dir = scratchDir();
  try {
    const fd = openSync(join(dir, 'raw.log'), 'a');
    for (let i = 0; i < records.length; i += batch) {
      for (let k = i; k < Math.min(i + batch, records.length); k++) writeSync(fd, records[k]!);
      fsyncSync(fd);
    }
    closeSync(fd);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The hand-written way: JSON lines with a hash chain and a node:crypto signature each, appended with an fsync per 1,000. */
function handwrittenAppend(n: number): number {
  const { privateKey } = generateKeyPairSync('ed25519');
  const dir = scratchDir();
  try {
    const fd = openSync(join(dir, 'handwritten.jsonl'), 'a');
    const t = process.hrtime.bigint();
    let prev = '';
    for (let i = 0; i < n; i++) {
      const body = JSON.stringify({ ...benchEvent(i), prev });
      writeSync(fd, `${JSON.stringify({ body, sig: sign(null, Buffer.from(body), privateKey).toString('base64') })}\n`);
      prev = createHash('sha256').update(body).digest('hex');
      if (i % 1000 === 999) fsyncSync(fd);
    }
    fsyncSync(fd);
    closeSync(fd);
    return n / (Number(process.hrtime.bigint() - t) / 1e9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Durable appends with a checkpoint every `every` records, in a fresh process (built packages) for its peak RSS. */
function appendWithCheckpoints(n: number, every: number): { rate: number; bytesPerSec: number; rss: number } {
  const r = JSON.parse(execFileSync(process.execPath, [join(import.meta.dirname, 'append-child.mjs'), String(n), String(every), import.meta.dirname], { encoding: 'utf8' }));
  return { rate: r.records / r.seconds, bytesPerSec: r.bytes / r.seconds, rss: r.maxRssMB };
}

export interface StoreBenchResult {
  rows: Row[];
  appendBatchedRecordsPerSec: number;
  appendVsHandwritten: number;
}

export async function runStoreBench(n: number, runs: number, sampleRecords: Uint8Array[]): Promise<StoreBenchResult> {
  const fsyncEach = Math.min(n, 2000);
  const raw1 = await medianSecondsAsync(runs, async () => rawAppends(sampleRecords.slice(0, fsyncEach), 1));
  const raw100 = await medianSecondsAsync(runs, async () => rawAppends(sampleRecords.slice(0, n), 1000));
  const rawNoSync = await medianSecondsAsync(runs, async () => rawAppends(sampleRecords.slice(0, n), n));
  const rate = (count: number, s: number) => count / s;
  const rows: Row[] = [
    { name: 'raw appendFile + fsync per record (baseline)', unit: 'records/s', median: rate(fsyncEach, raw1) },
    { name: 'raw appendFile + fsync per 1,000 records (baseline)', unit: 'records/s', median: rate(n, raw100) },
    { name: 'raw appendFile, no fsync (baseline)', unit: 'records/s', median: rate(n, rawNoSync) },
  ];
  const cases: [string, DurabilityMode, number, number, number, number][] = [
    ['sync, one append awaited at a time', 'sync', fsyncEach, 1, 1, raw1],
    ['sync, 1,000 single appends in flight', 'sync', n, 1, 1000, raw100],
    ['batched, 1,000 single appends in flight', 'batched', n, 1, 1000, raw100],
    ['batched, appendBatch of 100, 10 in flight', 'batched', n, 100, 10, raw100],
    ['none (no fsync), 1,000 single appends in flight', 'none', n, 1, 1000, rawNoSync],
  ];
  for (const [name, mode, count, perCall, inFlight, base] of cases) {
    const s = await medianOf(runs, () => durableAppends(mode, count, perCall, inFlight));
    const baseName = base === raw1 ? 'raw fsync per record' : base === raw100 ? 'raw fsync per 1,000' : 'raw, no fsync';
    rows.push({ name: `DurableLog ${name} (encode + hash + tree + store)`, unit: 'records/s', median: rate(count, s), ratio: base / s * (count / (base === raw1 ? fsyncEach : n)), baseline: baseName });
  }
  const scan = await openScan(n, runs);
  rows.push({ name: `open with full recovery scan (${(scan.bytes / 1e6).toFixed(1)} MB on disk)`, unit: 'MB/s', median: scan.bytes / 1e6 / scan.seconds });
  const handwritten = handwrittenAppend(Math.min(n, 20_000));
  rows.push({ name: 'hand-written baseline: JSON + hash chain + node:crypto signature per record, fsync per 1,000', unit: 'records/s', median: handwritten });
  const batched = rows.find((r) => r.name.startsWith('DurableLog batched, 1,000 single'))!.median;
  rows.push({ name: 'DurableLog batched, 1,000 single appends in flight, against the hand-written way', unit: 'records/s', median: batched, ratio: batched / handwritten, baseline: 'hand-written' });
  const per1000 = appendWithCheckpoints(n, 1000);
  rows.push({ name: `DurableLog batched, appendBatch of 1,000 + checkpoint after each (${(per1000.bytesPerSec / 1e6).toFixed(1)} MB/s, peak RSS ${per1000.rss.toFixed(0)} MB)`, unit: 'records/s', median: per1000.rate });
  const perRecord = appendWithCheckpoints(Math.min(n, 2000), 1);
  rows.push({ name: `DurableLog batched, one record then a checkpoint, again and again (${(perRecord.bytesPerSec / 1e6).toFixed(2)} MB/s, peak RSS ${perRecord.rss.toFixed(0)} MB)`, unit: 'records/s', median: perRecord.rate });
  return { rows, appendBatchedRecordsPerSec: batched, appendVsHandwritten: batched / handwritten };
}

/** Time to open (scan and check every frame of) a store holding `n` records. */
async function openScan(n: number, runs: number): Promise<{ seconds: number; bytes: number }> {
  const dir = scratchDir();
  try {
    const log = await DurableLog.create(await FileLogStore.open(dir, { mode: 'none' }), signer, { enterprise: 'E' }, { clock: () => T0 });
    for (let i = 0; i < n; i += 1000) await log.appendBatch(Array.from({ length: Math.min(1000, n - i) }, (_, k) => benchEvent(i + k)));
    await log.close();
    const seconds = await medianSecondsAsync(runs, async () => {
      await (await FileLogStore.open(dir)).close();
    });
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    return { seconds, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printRows(rows: Row[]): string {
  const lines = ['| measurement | rate | vs baseline |', '|---|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.unit === 'MB/s' ? r.median.toFixed(0) : r.unit === 'ms' ? r.median.toFixed(3) : r.unit === '×' ? r.median.toFixed(2) : fmtRate(r.median)} ${r.unit} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× ${r.baseline}`} |`);
  return lines.join('\n');
}
