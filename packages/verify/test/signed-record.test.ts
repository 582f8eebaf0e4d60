import { CborReader, RECORD_LIMITS, encode, readRecord } from '@suyuan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSignedRecord } from '../src/signed-record.js';

/** Records as core encodes them: any seq, time, kind, body and refs the format allows. */
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 40 }), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 3 })),
})).v;
const record = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }), time: fc.nat(), kind: fc.constantFrom('food.sale', 'food.receive', 'ext.note', 'authority.enroll'),
  body: fc.dictionary(fc.string({ maxLength: 10 }), value, { maxKeys: 5 }), refs: fc.array(fc.record({ logId: hash, seq: fc.nat(), leafHash: hash }), { maxLength: 3 }),
  logId: hash, prev: hash,
}).map((r) => encode([1, r.logId, r.seq, r.prev, r.time, r.kind, r.body, r.refs.map((x) => [x.logId, x.seq, x.leafHash])]));

describe('the lean reader of records already verified', () => {
  it('reads the seq, kind, refs and body span the strict reader reads, and refuses every cut without throwing', () => {
    fc.assert(
      fc.property(record, (bytes) => {
        const strict = readRecord(new CborReader(bytes, 0, bytes.length, RECORD_LIMITS), true);
        const lean = readSignedRecord(bytes, 0, bytes.length)!;
        expect(lean).toBeDefined();
        expect({ seq: lean.seq, kind: lean.kind, refs: lean.refs, end: lean.end }).toEqual({ seq: strict.seq, kind: strict.kind, refs: strict.refs, end: bytes.length });
        expect(new CborReader(bytes, lean.bodyStart, lean.bodyEnd, RECORD_LIMITS).readItem(1, true)).toEqual(strict.body);
        for (let cut = 0; cut < bytes.length; cut += 7) expect(readSignedRecord(bytes, 0, cut)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
