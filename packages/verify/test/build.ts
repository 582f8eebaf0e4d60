/** Small builders for verifier tests: an authority, enrolled businesses, bundles of them. */
import { LogWriter, type Checkpoint, type Cosignature } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { AUTHORITY_ROLE, BundleWriter, ENROL_KIND } from '../src/index.js';
import { AUTHORITY_SECRET } from './fixture.js';

export const T0 = 1_764_115_200_000;
export const clock = () => T0;

export interface Log {
  logId: Uint8Array;
  records: Uint8Array[];
  checkpoints: Checkpoint[];
  cosignatures?: Cosignature[];
}

/** A log writer with a key made from `seed` (any integer). */
export function writer(seed: number, enterprise: string, meta: Record<string, string> = {}) {
  const secret = new Uint8Array(32);
  new DataView(secret.buffer).setUint32(0, seed + 1000);
  const signer = nodeSigner(secret);
  return { signer, w: LogWriter.create(signer, { enterprise, meta }, { crypto: nodeCrypto, clock }) };
}

/** An authority log enrolling each key with its enterprise and roles, checkpointed. */
export async function authorityLog(enrol: { key: Uint8Array; enterprise: string; name?: string; roles: string[] }[]): Promise<Log> {
  const a = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock });
  const records = [a.genesis];
  for (const e of enrol) records.push(a.append({ kind: ENROL_KIND, body: { key: e.key, enterprise: e.enterprise, name: e.name ?? e.enterprise, roles: e.roles, validFrom: 0 } }).bytes);
  return { logId: a.logId, records, checkpoints: [await a.checkpoint()] };
}

export function bundle(logs: Log[], header = { created: 1 }): Uint8Array {
  const w = BundleWriter.toMemory(header);
  for (const l of logs) w.addLog(l);
  return w.finish()!;
}
