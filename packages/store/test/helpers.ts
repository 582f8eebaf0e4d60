import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { LogWriter, SuyuanError, type EventInput, type ErrorCode } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';

export const SECRET = new Uint8Array(32).fill(9);
export const T0 = 1_764_115_200_000;

export function tempDir(name = 'store'): string {
  return mkdtempSync(join(tmpdir(), `suyuan-${name}-`));
}

/** The event a test writes at `seq`: deterministic, so any process can recompute the chain. */
export function eventFor(seq: number): EventInput {
  return { kind: 'food.sale', body: { n: seq, lot: `L-${seq % 97}`, quantity: `${seq % 13}.5`, unit: 'KGM', note: 'x'.repeat(seq % 150) }, time: T0 + seq };
}

/** The records a writer with SECRET, genesis time T0 and `eventFor` produces, seq 0..n-1. */
export function expectedRecords(n: number): Uint8Array[] {
  const w = LogWriter.create(nodeSigner(SECRET), { enterprise: 'E-CRASH' }, { crypto: nodeCrypto, clock: () => T0 });
  const out = [w.genesis];
  for (let s = 1; s < n; s++) out.push(w.append(eventFor(s)).bytes);
  return out;
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

/** A fingerprint of every file in a directory, to prove nothing was changed. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
