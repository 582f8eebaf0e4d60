/**
 * Bundle verification at scale: a bundle of `logs` business logs (checkpoint every 1,000
 * records) plus the authority log enrolling them, verified in a fresh process on one worker
 * and on two (time, records/s, peak RSS), next to the hand-written way: JSON records with a
 * node:crypto Ed25519 signature each, verified one by one.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, verify as verifySig } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { LogWriter, toHex } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { BundleWriter, ENROL_KIND } from '@suyuan/verify';
import { benchEvent } from './events.js';
import type { Row } from './store.js';

const T0 = 1_764_115_200_000;

function uscc(n: number): string {
  const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `9235010${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += C.indexOf(body[i]!) * W[i]!;
  return body + C[(31 - (sum % 31)) % 31];
}

/** Writes the bench bundle; returns its path and the authority key. */
export async function writeBundle(dir: string, total: number, logs: number): Promise<{ path: string; trust: string }> {
  const authSecret = new Uint8Array(32).fill(77);
  const authority = LogWriter.create(nodeSigner(authSecret), { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock: () => T0 });
  const authRecords = [authority.genesis];
  const path = join(dir, 'bench.bundle');
  const businesses = Array.from({ length: logs }, (_, i) => {
    const secret = new Uint8Array(32);
    new DataView(secret.buffer).setUint32(0, i + 1);
    const signer = nodeSigner(secret);
    authRecords.push(authority.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: uscc(i), name: `market ${i}`, roles: ['market'], validFrom: 0 } }).bytes);
    return { signer, enterprise: uscc(i) };
  });
  const w = BundleWriter.toFile(path, { created: T0 });
  w.addLog({ logId: authority.logId, records: authRecords, checkpoints: [await authority.checkpoint(T0)] });
  const per = Math.floor(total / logs);
  for (const b of businesses) {
    const log = LogWriter.create(b.signer, { enterprise: b.enterprise }, { crypto: nodeCrypto, clock: () => T0 });
    const records = [log.genesis];
    const checkpoints = [];
    for (let i = 0; i < per; i += 1000) {
      for (const r of log.appendBatch(Array.from({ length: Math.min(1000, per - i) }, (_, k) => benchEvent(i + k)))) records.push(r.bytes);
      checkpoints.push(await log.checkpoint(T0 + per));
    }
    w.addLog({ logId: log.logId, records, checkpoints });
  }
  w.finish();
  return { path, trust: toHex(nodeSigner(authSecret).publicKey) };
}

function runChild(path: string, workers: number, trust: string): { seconds: number; records: number; maxRssMB: number } {
  // The child runs the built packages, as a user's `suyuan verify` does (pnpm bench builds first).
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'verify-child.mjs'), path, String(workers), trust], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The hand-written way: each record a JSON line with prev hash and an Ed25519 signature, checked one by one. */
function handwrittenRate(n: number): number {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const lines: string[] = [];
  let prev = '';
  for (let i = 0; i < n; i++) {
    const body = JSON.stringify({ ...benchEvent(i), prev });
    const sig = sign(null, Buffer.from(body), privateKey).toString('base64');
    lines.push(JSON.stringify({ body, sig }));
    prev = createHash('sha256').update(body).digest('hex');
  }
  const t = process.hrtime.bigint();
  let expect = '';
  for (const line of lines) {
    const { body, sig } = JSON.parse(line) as { body: string; sig: string };
    if (JSON.parse(body).prev !== expect || !verifySig(null, Buffer.from(body), publicKey, Buffer.from(sig, 'base64'))) throw new Error('baseline broken');
    expect = createHash('sha256').update(body).digest('hex');
  }
  return n / (Number(process.hrtime.bigint() - t) / 1e9);
}

/**
 * What two cores give this machine for the work verification is made of: SHA-256 of
 * ~230-byte inputs in one thread, then in two at once (`seconds` each). Virtual cores that
 * share a physical one give well under 2×, and no verifier can scale past it.
 */
async function machineScaling(seconds = 1): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); const c = require('node:crypto');
    const b = c.randomBytes(230); const t = Date.now(); let n = 0;
    while (Date.now() - t < ${seconds * 1000}) { for (let i = 0; i < 5000; i++) c.hash('sha256', b, 'buffer'); n += 5000; }
    parentPort.postMessage(n);`;
  const run = (k: number) => Promise.all(Array.from({ length: k }, () => new Promise<number>((resolve) => new Worker(code, { eval: true }).once('message', resolve))));
  const one = (await run(1))[0]!;
  const two = (await run(2)).reduce((a, b) => a + b, 0);
  return two / one;
}

export interface VerifyBenchResult {
  rows: Row[];
  headline: { verifyRecordsPerSec1Core: number; verifyScaling2Cores: number; verifyPeakRssMB1M: number; verifyVsHandwritten: number; machineScaling2Threads: number; verifyScalingVsMachine: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Verifies bundles of each size in `sizes` on one worker (the growth curve). The largest is
 * the scaling A/B: `runs` rounds, each measuring the machine's two-thread SHA-256 scaling,
 * then the bundle on one worker and on two (in turns ABBA, so drift in the load cancels);
 * each ratio is taken within its round, under the same load, and the medians reported.
 */
export async function runVerifyBench(sizes: number[], logs: number, runs: number): Promise<VerifyBenchResult> {
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-verify-'));
  try {
    const summary = (rs: ReturnType<typeof runChild>[]) => ({ rate: median(rs.map((r) => r.records / r.seconds)), seconds: median(rs.map((r) => r.seconds)), rss: Math.max(...rs.map((r) => r.maxRssMB)), records: rs[0]!.records });
    const base = handwrittenRate(20_000);
    const rows: Row[] = [{ name: 'hand-written baseline: JSON + hash chain + node:crypto signature per record, checked one by one', unit: 'records/s', median: base }];
    let one = { rate: 0, seconds: 0, rss: 0, records: 0 };
    let two = one;
    const machine: number[] = [];
    const scaling: number[] = [];
    for (const size of sizes) {
      const sub = join(dir, String(size));
      mkdirSync(sub);
      const { path, trust } = await writeBundle(sub, size, logs);
      if (size !== Math.max(...sizes)) {
        one = summary([runChild(path, 1, trust)]);
        rows.push({ name: `verify a bundle of ${one.records} records, 1 worker: ${one.seconds.toFixed(2)} s, peak RSS ${one.rss.toFixed(0)} MB`, unit: 'records/s', median: one.rate, ratio: one.rate / base, baseline: 'hand-written' });
      } else {
        const ones: ReturnType<typeof runChild>[] = [];
        const twos: ReturnType<typeof runChild>[] = [];
        for (let i = 0; i < runs; i++) {
          machine.push(await machineScaling());
          let a: ReturnType<typeof runChild>;
          let b: ReturnType<typeof runChild>;
          if (i % 2 === 0) { a = runChild(path, 1, trust); b = runChild(path, 2, trust); }
          else { b = runChild(path, 2, trust); a = runChild(path, 1, trust); }
          ones.push(a);
          twos.push(b);
          scaling.push(a.seconds / b.seconds);
        }
        one = summary(ones);
        two = summary(twos);
        rows.push({ name: `verify a bundle of ${one.records} records, 1 worker: ${one.seconds.toFixed(2)} s, peak RSS ${one.rss.toFixed(0)} MB`, unit: 'records/s', median: one.rate, ratio: one.rate / base, baseline: 'hand-written' });
        rows.push({ name: `the same, 2 workers: ${two.seconds.toFixed(2)} s, peak RSS ${two.rss.toFixed(0)} MB (ratio: the median of ${runs} rounds' own)`, unit: 'records/s', median: two.rate, ratio: median(scaling), baseline: '1 worker' });
      }
      rmSync(sub, { recursive: true, force: true });
    }
    rows.push({ name: 'this machine: SHA-256 in two threads at once, against one (the scaling limit), median of the rounds', unit: '×', median: median(machine) });
    const vsMachine = scaling.map((x, i) => x / machine[i]!);
    return {
      rows,
      headline: { verifyRecordsPerSec1Core: one.rate, verifyScaling2Cores: median(scaling), verifyPeakRssMB1M: Math.max(one.rss, two.rss), verifyVsHandwritten: one.rate / base, machineScaling2Threads: median(machine), verifyScalingVsMachine: median(vsMachine) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
