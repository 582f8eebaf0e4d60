import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriter, decode, encode, encodeCheckpoint, type CborMap, type Checkpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { ENROL_KIND, REVOKE_KIND } from '@suyuan/verify';
import type { FastifyInstance } from 'fastify';
import { Business, USCC } from '../../food/test/chain.js';
import { buildScenario } from '../../food/test/scenario.js';
import { createHubApp, type HubStore } from '../src/index.js';

export const AUTHORITY_SECRET = new Uint8Array(32).fill(200);
export const AUTHORITY_KEY = nodeSigner(AUTHORITY_SECRET).publicKey;
export const HUB_SECRET = new Uint8Array(32).fill(201);
export const HUB_KEY = nodeSigner(HUB_SECRET).publicKey;
export const TOKEN = 'regulator-token-for-tests';

const ROLES: Record<string, string[]> = {
  farmA: ['farm'], farmB: ['farm'], wholesaler: ['wholesaler'], processor: ['processor'], market1: ['market'], market2: ['market'], restaurant: ['restaurant'],
};

/** Temporary directories, removed after each test file (nothing with a key outlives the run). */
const dirs: string[] = [];
export function tempDir(name = 'hub'): string {
  const d = mkdtempSync(join(tmpdir(), `suyuan-${name}-`));
  dirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface SignedLog {
  logId: Uint8Array;
  records: Uint8Array[];
  checkpoint: Checkpoint;
}

export interface WorldOptions {
  skipEnrolment?: string;
  revoke?: string;
  wrongRole?: [string, string];
  /** Extra businesses to enrol (name → roles), e.g. a market built by the test. */
  extra?: Record<string, { business: Business; roles: string[] }>;
}

/** The food scenario's seven businesses, each log checkpointed, and an authority log enrolling them. */
export async function world(o: WorldOptions = {}) {
  const s = buildScenario();
  const authority = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { name: '市场监督管理局', role: 'authority' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const authRecords = [authority.genesis];
  const enrol = (b: Business, roles: string[], name: string) => {
    authRecords.push(authority.append({ kind: ENROL_KIND, body: { key: nodeSigner(b.secret).publicKey, enterprise: b.enterprise, name: b.name, roles, validFrom: 1_700_000_000_000 } }).bytes);
    if (name === o.revoke) authRecords.push(authority.append({ kind: REVOKE_KIND, body: { key: nodeSigner(b.secret).publicKey, at: 1_700_000_000_000, reason: 'key lost' } }).bytes);
  };
  for (const [name, b] of Object.entries(s.businesses)) {
    if (name === o.skipEnrolment) continue;
    enrol(b, o.wrongRole?.[0] === name ? [o.wrongRole[1]] : ROLES[name]!, name);
  }
  for (const [name, x] of Object.entries(o.extra ?? {})) enrol(x.business, x.roles, name);
  const auth: SignedLog = { logId: authority.logId, records: authRecords, checkpoint: await authority.checkpoint() };
  const logs: Record<string, SignedLog> = {};
  for (const [name, b] of Object.entries(s.businesses)) logs[name] = { logId: b.logId, records: [b.writer.genesis, ...b.appended], checkpoint: await b.writer.checkpoint() };
  return { scenario: s, authority: auth, logs };
}

export { Business, USCC };

export async function hubApp(store: HubStore, limits = {}): Promise<FastifyInstance> {
  return createHubApp({ store, trust: [AUTHORITY_KEY], witness: nodeSigner(HUB_SECRET), regulatorTokens: [TOKEN], limits });
}

export function pushBody(from: number, records: readonly Uint8Array[], cp: Checkpoint): Buffer {
  return Buffer.from(encode({ checkpoint: encodeCheckpoint(cp), from, records: [...records] }));
}

export function pushTo(app: FastifyInstance, logId: Uint8Array, from: number, records: readonly Uint8Array[], cp: Checkpoint) {
  return app.inject({ method: 'POST', url: `/v1/logs/${hex(logId)}/push`, headers: { 'content-type': 'application/cbor' }, payload: pushBody(from, records, cp) });
}

/** Pushes a whole signed log from seq 0. */
export function pushLogVia(app: FastifyInstance, log: SignedLog) {
  return pushTo(app, log.logId, 0, log.records, log.checkpoint);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function cborOf(res: { rawPayload: Buffer }): CborMap {
  return decode(new Uint8Array(res.rawPayload)) as CborMap;
}

export const regulator = { authorization: `Bearer ${TOKEN}` };

let marketSeed = 100;
/** A market log the test grows record by record (its key enrolled through `world({ extra })`). */
export function marketBusiness(): Business {
  const b = new Business(USCC.market1, '测试市场');
  return b;
}

/** A sale with a trace code, as a market records it. */
export function sale(b: Business, n: number): Uint8Array {
  b.add('food.sale', { lot: 'W-A1-1', product: { description: '青菜', category: '0101' }, quantity: { value: '1', unit: 'KGM' }, traceCode: `T-${marketSeed++}-${n}` });
  return b.appended[b.appended.length - 1]!;
}
