/**
 * A/B of the verifier with the food rules on, on one core: two builds of @suyuan/verify (A: a
 * copy of an older dist, B: this worktree's) verify the same generated food bundle in fresh
 * processes, interleaved A, B, A, B…; medians of records/s and peak RSS.
 * `node --conditions=@suyuan/source --import tsx bench/verify-ab.ts OLD_DIST_INDEX_JS [RECORDS] [ROUNDS]`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { writeFoodBundle } from './verify-volume.js';

const AUTH = nodeSigner(new Uint8Array(32).fill(77)); // the authority writeFoodBundle signs with
const [oldModule, recordsArg, roundsArg] = process.argv.slice(2);
if (oldModule === undefined) throw new Error('usage: verify-ab.ts OLD_DIST_INDEX_JS [RECORDS] [ROUNDS]');
const total = Number(recordsArg ?? 1_000_000);
const rounds = Number(roundsArg ?? 3);

function run(path: string, module: string | undefined): { seconds: number; records: number; maxRssMB: number; verdict: string } {
  const env = { ...process.env };
  if (module === undefined) delete env.SUYUAN_VERIFY_MODULE;
  else env.SUYUAN_VERIFY_MODULE = module;
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'verify-child.mjs'), path, '0', toHex(AUTH.publicKey), '--food'], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const dir = mkdtempSync(join(import.meta.dirname, '.tmp-verify-ab-'));
try {
  const path = join(dir, 'food.bundle');
  await writeFoodBundle(path, total);
  const runs: Record<'A' | 'B', { rate: number; rss: number }[]> = { A: [], B: [] };
  for (let i = 0; i < rounds; i++) {
    for (const side of ['A', 'B'] as const) {
      const r = run(path, side === 'A' ? oldModule : undefined);
      runs[side].push({ rate: r.records / r.seconds, rss: r.maxRssMB });
      console.log(`${side} round ${i}: ${r.records} records in ${r.seconds.toFixed(2)} s = ${(r.records / r.seconds / 1000).toFixed(1)}k/s, peak RSS ${r.maxRssMB.toFixed(0)} MB (${r.verdict})`);
    }
  }
  const summary = (side: 'A' | 'B') => ({ recordsPerSec: Math.round(median(runs[side].map((r) => r.rate))), peakRssMB: Math.round(median(runs[side].map((r) => r.rss))) });
  const a = summary('A');
  const b = summary('B');
  console.log(JSON.stringify({ records: total, bytes: statSync(path).size, rounds, A: a, B: b, speedup: +(b.recordsPerSec / a.recordsPerSec).toFixed(2) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
