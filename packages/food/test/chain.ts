import { LogWriter, decodeRecord, type LogRecord, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import type { GraphLog, LotLine } from '../src/index.js';

let keySeed = 1;

/** A business in a test chain: its own key and log, events appended and decoded back. */
export class Business {
  readonly writer: LogWriter;
  readonly records: LogRecord[] = [];
  /** The encoded records after the genesis, as appended. */
  readonly appended: Uint8Array[] = [];
  readonly secret: Uint8Array;
  private clock = 1_764_115_200_000;

  constructor(readonly enterprise: string, readonly name: string) {
    const secret = new Uint8Array(32).fill(keySeed++ % 190);
    this.secret = secret;
    this.writer = LogWriter.create(nodeSigner(secret), { enterprise, meta: { name } }, { crypto: nodeCrypto, clock: () => (this.clock += 1000) });
    this.records.push(decodeRecord(this.writer.genesis));
  }

  get logId(): Uint8Array {
    return this.writer.logId;
  }

  get hex(): string {
    return Buffer.from(this.writer.logId).toString('hex');
  }

  /** Appends an event (the eventTime is filled in) and returns a ref to it. */
  add(kind: string, body: object, refs: RecordRef[] = []): RecordRef {
    const r = this.writer.append({ kind, body: { eventTime: '2025-11-26T08:30:00+08:00', ...body }, refs });
    this.records.push(decodeRecord(r.bytes));
    this.appended.push(r.bytes);
    return { logId: this.writer.logId, seq: r.seq, leafHash: r.leafHash };
  }

  log(): GraphLog {
    return { logId: this.writer.logId, enterprise: this.enterprise, records: this.records };
  }
}

export const line = (lot: string, value: string, unit = 'KGM', description = '青菜'): LotLine => ({ lot, product: { description, category: '0101' }, quantity: { value, unit } });

/** Valid 统一社会信用代码 for test businesses (check characters computed). */
export const USCC = {
  farmA: '91350100M000100Y43',
  farmB: '91350121MA31ABCD1Q',
  wholesaler: '91350100MA2XN8KX46',
  processor: '91350104MA8PRC002R',
  market1: '92350102MA2MKT0013',
  market2: '92350103MA2MKT002L',
  restaurant: '92350105MA2RTN0038',
};
