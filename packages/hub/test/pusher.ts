/** A market's ledger in memory, grown and pushed in small signed steps: the fault tests' pushers. */
import { LogWriter } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import { ENROL_KIND } from '@suyuan/verify';
import { AUTHORITY_SECRET, USCC, hex } from './fixture.js';

export class Pusher {
  readonly local = new MemoryLogStore();
  readonly writer: LogWriter;
  acked = 0;
  private n = 0;
  /** `codePrefix` starts every sale's trace code, so two tests' codes never meet. */
  constructor(readonly secret: Uint8Array, private readonly codePrefix: string) {
    this.writer = LogWriter.create(nodeSigner(secret), { enterprise: USCC.market1, meta: { name: 'm' } }, { crypto: nodeCrypto, clock: () => 1_764_115_200_000 + this.n * 1000 });
  }
  async init(): Promise<void> {
    await this.local.append([this.writer.genesis], [nodeCrypto.leafHash(this.writer.genesis)]);
    await this.local.putCheckpoint(await this.writer.checkpoint());
  }
  async grow(k: number): Promise<void> {
    const recs = Array.from({ length: k }, () => this.writer.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `${this.codePrefix}-${hex(this.secret).slice(0, 6)}-${this.n++}` } }));
    await this.local.append(recs.map((r) => r.bytes), recs.map((r) => r.leafHash));
    await this.local.putCheckpoint(await this.writer.checkpoint());
  }
}

/**
 * `count` pushers (secrets filled with `firstSecret + i`), initialised, and the authority log
 * (in memory, checkpointed) that enrols each as a market.
 */
export async function enrolledPushers(count: number, firstSecret: number, codePrefix: string): Promise<{ pushers: Pusher[]; auth: MemoryLogStore }> {
  const authority = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const pushers = Array.from({ length: count }, (_, i) => new Pusher(new Uint8Array(32).fill(firstSecret + i), codePrefix));
  const auth = new MemoryLogStore();
  const authRecords = [authority.genesis, ...pushers.map((p) => authority.append({ kind: ENROL_KIND, body: { key: nodeSigner(p.secret).publicKey, enterprise: USCC.market1, name: 'm', roles: ['market'], validFrom: 1_700_000_000_000 } }).bytes)];
  await auth.append(authRecords, authRecords.map((r) => nodeCrypto.leafHash(r)));
  await auth.putCheckpoint(await authority.checkpoint());
  for (const p of pushers) await p.init();
  return { pushers, auth };
}
