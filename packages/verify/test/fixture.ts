import { LogWriter, type Checkpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { buildScenario } from '../../food/test/scenario.js';
import { AUTHORITY_ROLE, BundleWriter, ENROL_KIND, REVOKE_KIND } from '../src/index.js';

export const AUTHORITY_SECRET = new Uint8Array(32).fill(200);
export const AUTHORITY_KEY = nodeSigner(AUTHORITY_SECRET).publicKey;
const ROLES: Record<string, string[]> = {
  farmA: ['farm'], farmB: ['farm'], wholesaler: ['wholesaler'], processor: ['processor'], market1: ['market'], market2: ['market'], restaurant: ['restaurant'],
};

export interface Options {
  /** Enrol every business but this one. */
  skipEnrolment?: string;
  /** Revoke this business's key from the start. */
  revoke?: string;
  /** Give this business only this role. */
  wrongRole?: [string, string];
  /** Leave this business's last records without a checkpoint. */
  unsignedTail?: string;
  /** Enrol this business only from this time (ms) on, or only until it. */
  validFrom?: [string, number];
  validUntil?: [string, number];
}

/** The seven-business food scenario, each log checkpointed, plus an authority log enrolling them, as bundle bytes. */
export async function scenarioBundle(o: Options = {}) {
  const s = buildScenario();
  const authority = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { name: '市场监督管理局', role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const authRecords = [authority.genesis];
  for (const [name, b] of Object.entries(s.businesses)) {
    if (name === o.skipEnrolment) continue;
    const roles = o.wrongRole?.[0] === name ? [o.wrongRole[1]] : ROLES[name]!;
    const validFrom = o.validFrom?.[0] === name ? o.validFrom[1] : 1_700_000_000_000;
    const validUntil = o.validUntil?.[0] === name ? { validUntil: o.validUntil[1] } : {};
    authRecords.push(authority.append({ kind: ENROL_KIND, body: { key: nodeSigner(keyOf(b)).publicKey, enterprise: b.enterprise, name: b.name, roles, validFrom, ...validUntil } }).bytes);
    if (name === o.revoke) authRecords.push(authority.append({ kind: REVOKE_KIND, body: { key: nodeSigner(keyOf(b)).publicKey, at: 1_700_000_000_000, reason: 'key lost' } }).bytes);
  }
  const authCheckpoint = await authority.checkpoint();
  const writer = BundleWriter.toMemory({ created: 1_764_115_300_000, description: 'test scenario' });
  const authorityLog = { logId: authority.logId, records: authRecords, checkpoints: [authCheckpoint] };
  writer.addLog(authorityLog);
  const checkpoints: Record<string, Checkpoint> = {};
  for (const [name, b] of Object.entries(s.businesses)) {
    const bytes = [b.writer.genesis, ...b.appended];
    if (name === o.unsignedTail) {
      const cp = await b.writer.checkpoint();
      checkpoints[name] = cp;
      bytes.push(b.writer.append({ kind: 'food.test', body: { eventTime: '2025-11-26T09:00:00+08:00', lot: 'QK-A1', test: { type: 'rapid', method: 'x', result: 'pass' } } }).bytes);
      writer.addLog({ logId: b.logId, records: bytes, checkpoints: [cp] });
      continue;
    }
    checkpoints[name] = await b.writer.checkpoint();
    writer.addLog({ logId: b.logId, records: bytes, checkpoints: [checkpoints[name]] });
  }
  return { bytes: writer.finish()!, scenario: s, checkpoints, authorityLog };
}

function keyOf(b: { secret: Uint8Array }): Uint8Array {
  return b.secret;
}
