/** The deterministic test chain, shared by tests and the child processes they start (no vitest here). */
import { LogWriter, type EventInput } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';

export const SECRET = new Uint8Array(32).fill(9);
export const T0 = 1_764_115_200_000;

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
