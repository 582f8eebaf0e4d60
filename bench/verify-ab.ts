/**
 * A/B of the verifier with the food rules on, on one core: builds of @suyuan/verify (copies of
 * older dists, by their dist/index.js, and `-` for this worktree's) verify the same generated
 * food bundle in fresh processes, interleaved A, B, A, B…; medians of records/s (wall and CPU
 * time: the machine is shared) and peak RSS.
 * `node --conditions=@suyuan/source --import tsx bench/verify-ab.ts RECORDS ROUNDS MODULE...`
 * With `--in-process` the builds are imported into one process (verify-ab-inproc.mjs) and verify
 * the bundle's bytes in turn (one core, no workers): medians of CPU seconds, steadier on a shared
 * machine than separate processes; no peak RSS then.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { writeFoodBundle } from './verify-volume.js';

const AUTH = nodeSigner(new Uint8Array(32).fill(77)); // the authority writeFoodBundle signs with
const inProcess = process.argv.includes('--in-process');
const [recordsArg, roundsArg, ...modules] = process.argv.slice(2).filter((a) => a !== '--in-process');
if (modules.length === 0) throw new Error('usage: verify-ab.ts RECORDS ROUNDS MODULE... (a dist/index.js, or - for this worktree)');
const total = Number(recordsArg);
const rounds = Number(roundsArg);
const sides = modules.map((m, i) => ({ name: String.fromCharCode(65 + i), module: m === '-' ? undefined : m }));

function run(path: string, module: string | undefined): { seconds: number; cpuSeconds: number; records: number; maxRssMB: number; verdict: string } {
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
  if (inProcess) runInProcess(path);
  else await runInProcesses(path);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function runInProcesses(path: string): Promise<void> {
  const runs = new Map(sides.map((s) => [s.name, [] as { rate: number; cpuRate: number; rss: number }[]]));
  for (let i = 0; i < rounds; i++) {
    for (const { name: side, module } of sides) {
      const r = run(path, module);
      runs.get(side)!.push({ rate: r.records / r.seconds, cpuRate: r.records / r.cpuSeconds, rss: r.maxRssMB });
      console.log(`${side} round ${i}: ${r.records} records in ${r.seconds.toFixed(2)} s = ${(r.records / r.seconds / 1000).toFixed(1)}k/s (CPU ${r.cpuSeconds.toFixed(2)} s = ${(r.records / r.cpuSeconds / 1000).toFixed(1)}k/s), peak RSS ${r.maxRssMB.toFixed(0)} MB (${r.verdict})`);
    }
  }
  const summary = (rs: { rate: number; cpuRate: number; rss: number }[]) => ({ recordsPerSec: Math.round(median(rs.map((r) => r.rate))), recordsPerCpuSec: Math.round(median(rs.map((r) => r.cpuRate))), peakRssMB: Math.round(median(rs.map((r) => r.rss))) });
  const medians = Object.fromEntries(sides.map((s) => [s.name, { module: s.module ?? 'this worktree', ...summary(runs.get(s.name)!) }]));
  console.log(JSON.stringify({ records: total, bytes: statSync(path).size, rounds, ...medians }, null, 1));
}

function runInProcess(path: string): void {
  const args = [join(import.meta.dirname, 'verify-ab-inproc.mjs'), path, String(rounds), toHex(AUTH.publicKey), ...sides.map((s) => s.module ?? '-')];
  execFileSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}
