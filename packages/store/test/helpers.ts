import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, expect } from 'vitest';
import { SuyuanError, type Checkpoint, type ErrorCode } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '../src/index.js';
import { SECRET, T0, eventFor } from './chain.js';

export { SECRET, T0, eventFor, expectedRecords } from './chain.js';

const made: string[] = [];
// Every temporary directory goes when its test file is done.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}, 60_000);

export function tempDir(name = 'store'): string {
  const dir = mkdtempSync(join(tmpdir(), `suyuan-${name}-`));
  made.push(dir);
  return dir;
}

export async function expectCodeAsync(p: Promise<unknown>, code: ErrorCode): Promise<SuyuanError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SuyuanError);
    expect((e as SuyuanError).code).toBe(code);
    return e as SuyuanError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/**
 * A fingerprint of every entry in a directory, to prove nothing was changed. Lock files are
 * left out: a writable open takes the lock before it can find damage.
 */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    if (f.startsWith('LOCK')) continue;
    const p = join(dir, f);
    out[f] = statSync(p).isDirectory() ? 'directory' : createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/**
 * A closed store holding the first `n` records of the test chain, in segments of about
 * `segmentBytes`, with a checkpoint at each size in `checkpointsAt` (returned in order).
 */
export async function storeWith(n: number, opts: { segmentBytes?: number; checkpointsAt?: number[] } = {}): Promise<{ dir: string; checkpoints: Checkpoint[] }> {
  const dir = tempDir('store');
  const store = await FileLogStore.open(dir, { mode: 'none', maxSegmentBytes: opts.segmentBytes ?? 64 << 20 });
  const log = await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E-CRASH' }, { clock: () => T0 });
  const checkpoints: Checkpoint[] = [];
  if (opts.checkpointsAt?.includes(1)) checkpoints.push(await log.checkpoint(T0));
  for (let seq = 1; seq < n; seq++) {
    await log.append(eventFor(seq));
    if (opts.checkpointsAt?.includes(seq + 1)) checkpoints.push(await log.checkpoint(T0 + seq));
  }
  await log.close();
  return { dir, checkpoints };
}

export const segmentNames = (dir: string): string[] => readdirSync(dir).filter((f) => /^seg-\d{8}\.log$/.test(f)).sort();

/** Where the frame of the last record in segment `file` starts, and its seq (`expected`: the records the log should hold). */
export function lastFrameIn(file: string, expected: Uint8Array[]): { offset: number; seq: number } {
  const bytes = readFileSync(file);
  for (let seq = expected.length - 1; seq >= 0; seq--) {
    const r = expected[seq]!;
    if (r.length + 8 <= bytes.length && Buffer.from(r).equals(bytes.subarray(bytes.length - r.length))) return { offset: bytes.length - r.length - 8, seq };
  }
  throw new Error(`no record ends ${file}`);
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
