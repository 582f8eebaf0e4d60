import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LogWriter, concatBytes, cosign, decodeRecord, encodeRecord, signCheckpoint, toHex, verifyLog,
  type Checkpoint, type ErrorCode, type LogReport,
} from '../src/index.js';
import { nodeCrypto, nodeSigner } from '../src/node/index.js';
import { AUTHOR_SECRET, WITNESS_SECRET, buildLog, makeWriter, T0 } from './fixtures.js';
import { expectCode } from './helpers.js';

const opts = { crypto: nodeCrypto };
const codes = (r: LogReport) => r.findings.map((f) => f.code);
const first = (r: LogReport) => r.findings[0]!;

function expectBroken(r: LogReport, code: ErrorCode, seq: number): void {
  expect(r.verdict).toBe('invalid');
  expect(first(r).code).toBe(code);
  expect(first(r).seq).toBe(seq);
  expect(typeof first(r).offset).toBe('number');
  expect(r.records).toBe(seq);
}

/** The report with byte strings as hex, so Buffers and Uint8Arrays compare equal. */
const hexed = (r: LogReport) => JSON.parse(JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v)));

/** Re-encodes record `seq` of a log with some fields changed. */
function rewrite(records: Uint8Array[], seq: number, change: Partial<ReturnType<typeof decodeRecord>>): Uint8Array[] {
  const out = records.slice();
  out[seq] = encodeRecord({ ...decodeRecord(records[seq]!), ...change });
  return out;
}

describe('LogWriter', () => {
  it('chains records: seq, prev = previous leaf hash, the log id = the genesis leaf hash', () => {
    const w = makeWriter();
    const a = w.append({ kind: 'food.harvest', body: { lot: 'A' } });
    const b = w.append({ kind: 'food.ship', body: { lot: 'A' } });
    const ra = decodeRecord(a.bytes);
    const rb = decodeRecord(b.bytes);
    expect(toHex(w.logId)).toBe(toHex(nodeCrypto.leafHash(w.genesis)));
    expect([ra.seq, rb.seq]).toEqual([1, 2]);
    expect(toHex(ra.prev)).toBe(toHex(w.logId));
    expect(toHex(rb.prev)).toBe(toHex(a.leafHash));
    expect(toHex(rb.logId)).toBe(toHex(w.logId));
    expect(w.size).toBe(3);
  });

  it('appends a batch all or nothing', () => {
    const w = makeWriter();
    w.append({ kind: 'food.harvest', body: {} });
    const before = w.treeHead(0);
    expectCode(() => w.appendBatch([{ kind: 'food.sale', body: {} }, { kind: 'food.sale', body: { q: 0.5 } }]), 'CBOR_UNSUPPORTED_VALUE');
    expect(w.size).toBe(2);
    expect(toHex(w.treeHead(0).root)).toBe(toHex(before.root));
    expect(w.appendBatch([{ kind: 'food.sale', body: {} }, { kind: 'food.sale', body: {} }]).map((r) => r.seq)).toEqual([2, 3]);
  });

  it('keeps time non-decreasing: clock regressions are clamped, explicit regressions refused', () => {
    let now = T0 + 10_000;
    const w = LogWriter.create(nodeSigner(AUTHOR_SECRET), { enterprise: 'E' }, { crypto: nodeCrypto, clock: () => now });
    const a = w.append({ kind: 'x', body: {} });
    now = T0; // the clock jumps back
    const b = w.append({ kind: 'x', body: {} });
    expect(b.time).toBe(a.time);
    expectCode(() => w.append({ kind: 'x', body: {}, time: T0 }), 'CHAIN_TIME');
  });

  it('refuses the reserved genesis kind, forward self-references and bad kinds', () => {
    const w = makeWriter();
    expectCode(() => w.append({ kind: 'genesis', body: {} }), 'RECORD_KIND');
    expectCode(() => w.append({ kind: 'Bad Kind', body: {} }), 'RECORD_KIND');
    expectCode(() => w.append({ kind: 'x', body: {}, refs: [{ logId: w.logId, seq: 1, leafHash: w.logId }] }), 'RECORD_REF');
    expect(w.size).toBe(1);
  });

  it('resumes from saved state and carries on identically', async () => {
    const a = makeWriter();
    const t = T0 + 60_000;
    for (let i = 0; i < 7; i++) a.append({ kind: 'x', body: { i }, time: t + i });
    const b = LogWriter.resume(nodeSigner(AUTHOR_SECRET), a.state(), { crypto: nodeCrypto });
    const ra = a.append({ kind: 'x', body: { i: 7 }, time: t + 7 });
    const rb = b.append({ kind: 'x', body: { i: 7 }, time: t + 7 });
    expect(toHex(rb.bytes)).toBe(toHex(ra.bytes));
    expect(toHex((await b.checkpoint(t + 8)).signature)).toBe(toHex((await a.checkpoint(t + 8)).signature));
    expectCode(() => LogWriter.resume(nodeSigner(WITNESS_SECRET), a.state(), opts), 'KEY_INVALID');
  });
});

describe('verifyLog', () => {
  it('a checkpointed log is valid and fully covered', async () => {
    const log = await buildLog(50, 10);
    const r = verifyLog(log.bytes, { ...opts, checkpoints: log.checkpoints });
    expect(r.verdict).toBe('valid');
    expect(r.records).toBe(51);
    expect(r.signedSize).toBe(51);
    expect(r.unsignedTail).toBeUndefined();
    expect(r.heads.every((h) => h.status === 'verified')).toBe(true);
    expect(r.enterprise).toBe('91350100M000100Y43');
    expect(toHex(r.logId!)).toBe(toHex(log.writer.logId));
  });

  it('reports records after the last checkpoint as an unsigned tail, never as valid', async () => {
    const log = await buildLog(25, 10);
    const r = verifyLog(log.bytes, { ...opts, checkpoints: log.checkpoints });
    expect(r.verdict).toBe('valid-with-warnings');
    expect(r.signedSize).toBe(21);
    expect(r.unsignedTail).toEqual({ from: 21, to: 26 });
    expect(codes(r)).toEqual(['LOG_UNSIGNED_TAIL']);
    const none = verifyLog(log.bytes, opts);
    expect(none.unsignedTail).toEqual({ from: 0, to: 26 });
    expect(none.verdict).toBe('valid-with-warnings');
  });

  it('gives the same report on the noble provider', async () => {
    const log = await buildLog(20, 5);
    const a = verifyLog(log.bytes, { ...opts, checkpoints: log.checkpoints });
    const b = verifyLog(log.bytes, { checkpoints: log.checkpoints });
    expect(hexed(b)).toEqual(hexed(a));
  });

  describe('finds each way a log can be wrong, with its code and where', () => {
    it('records out of order', async () => {
      const log = await buildLog(10);
      const swapped = [...log.records.slice(0, 3), log.records[4]!, log.records[3]!, ...log.records.slice(5)];
      expectBroken(verifyLog(concatBytes(swapped), opts), 'CHAIN_SEQ', 3);
    });

    it('a record removed', async () => {
      const log = await buildLog(10);
      expectBroken(verifyLog(concatBytes(log.records.filter((_, i) => i !== 6)), opts), 'CHAIN_SEQ', 6);
    });

    it('a record duplicated (replayed)', async () => {
      const log = await buildLog(10);
      expectBroken(verifyLog(concatBytes([...log.records.slice(0, 5), log.records[4]!, ...log.records.slice(5)]), opts), 'CHAIN_SEQ', 5);
    });

    it('a record from another log spliced in at the same seq', async () => {
      const a = await buildLog(10);
      const w = LogWriter.create(nodeSigner(WITNESS_SECRET), { enterprise: 'other' }, { crypto: nodeCrypto, clock: () => T0 });
      const other = [w.genesis];
      for (let i = 0; i < 10; i++) other.push(w.append({ kind: 'food.sale', body: {} }).bytes);
      expectBroken(verifyLog(concatBytes([...a.records.slice(0, 4), other[4]!, ...a.records.slice(5)]), opts), 'CHAIN_LOG_ID', 4);
    });

    it('a broken prev link', async () => {
      const log = await buildLog(10);
      expectBroken(verifyLog(concatBytes(rewrite(log.records, 7, { prev: new Uint8Array(32).fill(9) })), opts), 'CHAIN_PREV', 7);
    });

    it('an edited record (the next prev no longer matches)', async () => {
      const log = await buildLog(10);
      expectBroken(verifyLog(concatBytes(rewrite(log.records, 3, { body: { lot: 'FORGED' } })), opts), 'CHAIN_PREV', 4);
    });

    it('an edited last record under a checkpoint (the root no longer matches)', async () => {
      const log = await buildLog(10, 10);
      const r = verifyLog(concatBytes(rewrite(log.records, 10, { body: { lot: 'FORGED' } })), { ...opts, checkpoints: log.checkpoints });
      expect(r.verdict).toBe('invalid');
      expect(codes(r)).toContain('CHECKPOINT_ROOT_MISMATCH');
      expect(r.heads[0]!.status).toBe('root-mismatch');
    });

    it('time going backwards', async () => {
      const log = await buildLog(10);
      const prevTime = decodeRecord(log.records[4]!).time;
      expectBroken(verifyLog(concatBytes(rewrite(log.records, 5, { time: prevTime - 1 })), opts), 'CHAIN_TIME', 5);
    });

    it('a second genesis', async () => {
      const log = await buildLog(10);
      expectBroken(verifyLog(concatBytes(rewrite(log.records, 5, { kind: 'genesis' })), opts), 'RECORD_KIND', 5);
    });

    it('a reference forward into its own log', async () => {
      const log = await buildLog(10);
      const ref = { logId: log.writer.logId, seq: 8, leafHash: log.writer.logId };
      expectBroken(verifyLog(concatBytes(rewrite(log.records, 5, { refs: [ref] })), opts), 'RECORD_REF', 5);
    });

    it('a bad genesis', async () => {
      const log = await buildLog(3);
      const g = decodeRecord(log.records[0]!);
      const bad = [encodeRecord({ ...g, body: { ...g.body, suite: 'rsa' } }), ...log.records.slice(1)];
      expectBroken(verifyLog(concatBytes(bad), opts), 'RECORD_SUITE', 0);
      expectBroken(verifyLog(concatBytes(log.records.slice(1)), opts), 'CHAIN_SEQ', 0);
    });

    it('truncated bytes, with the offset of the cut record', async () => {
      const log = await buildLog(10);
      const cut = log.bytes.length - 3;
      const r = verifyLog(log.bytes.subarray(0, cut), opts);
      expectBroken(r, 'CBOR_TRUNCATED', 10);
      expect(first(r).offset).toBeGreaterThanOrEqual(log.bytes.length - log.records[10]!.length);
    });

    it('garbage after the last record', async () => {
      const log = await buildLog(3);
      expectBroken(verifyLog(concatBytes([log.bytes, Uint8Array.of(0x88)]), opts), 'CBOR_TRUNCATED', 4);
      expectBroken(verifyLog(concatBytes([log.bytes, Uint8Array.of(0x01)]), opts), 'RECORD_SHAPE', 4);
    });

    it('a non-canonical record', async () => {
      const log = await buildLog(3);
      const bytes = Uint8Array.from(log.bytes);
      const at = log.records[0]!.length + log.records[1]!.length; // record 2 starts here
      expect(bytes[at + 1]).toBe(0x01); // version
      const widened = concatBytes([bytes.subarray(0, at + 1), Uint8Array.of(0x18, 0x01), bytes.subarray(at + 2)]);
      const r = verifyLog(widened, opts);
      expectBroken(r, 'CBOR_NON_SHORTEST', 2);
      expect(first(r).offset).toBe(at + 1);
    });

    it('nothing at all', () => {
      const r = verifyLog(new Uint8Array(0), opts);
      expect(r.verdict).toBe('invalid');
      expect(codes(r)).toEqual(['CHAIN_EMPTY']);
    });

    it('another log than the one expected', async () => {
      const log = await buildLog(3);
      expectBroken(verifyLog(log.bytes, { ...opts, expectedLogId: new Uint8Array(32) }), 'CHAIN_LOG_ID', 0);
    });
  });

  describe('checkpoints and cosignatures', () => {
    it('a forged checkpoint signature', async () => {
      const log = await buildLog(10, 10);
      const forged: Checkpoint = { ...log.checkpoints[0]!, signature: new Uint8Array(64).fill(3) };
      const r = verifyLog(log.bytes, { ...opts, checkpoints: [forged] });
      expect(codes(r)).toContain('CHECKPOINT_SIGNATURE');
      expect(r.signedSize).toBe(0);
      expect(r.verdict).toBe('invalid');
    });

    it('a checkpoint signed by another key', async () => {
      const log = await buildLog(10, 10);
      const other = await signCheckpoint(nodeSigner(WITNESS_SECRET), log.checkpoints[0]!);
      expect(codes(verifyLog(log.bytes, { ...opts, checkpoints: [other] }))).toContain('CHECKPOINT_SIGNATURE');
    });

    it('a checkpoint of another log', async () => {
      const log = await buildLog(10, 10);
      const cp = { ...log.checkpoints[0]!, logId: new Uint8Array(32) };
      const r = verifyLog(log.bytes, { ...opts, checkpoints: [cp] });
      expect(codes(r)).toContain('CHECKPOINT_LOG_ID');
      expect(r.heads[0]!.status).toBe('wrong-log');
    });

    it('a checkpoint of impossible size is refused and does not hold up the others', async () => {
      const log = await buildLog(10, 5);
      const r = verifyLog(log.bytes, { ...opts, checkpoints: [{ ...log.checkpoints[0]!, size: 0 }, ...log.checkpoints] });
      expect(codes(r)).toEqual(['CHECKPOINT_SHAPE']);
      expect(r.signedSize).toBe(11);
      expect(r.heads.map((h) => h.status)).toEqual(['bad-signature', 'verified', 'verified']);
    });

    it('a checkpoint beyond the end of the log: records are missing', async () => {
      const log = await buildLog(10, 5);
      const r = verifyLog(concatBytes(log.records.slice(0, 8)), { ...opts, checkpoints: log.checkpoints });
      expect(codes(r)).toEqual(['CHECKPOINT_BEYOND_LOG', 'LOG_UNSIGNED_TAIL']);
      expect(r.signedSize).toBe(6);
      expect(r.heads.map((h) => h.status)).toEqual(['verified', 'not-reached']);
    });

    it('two roots signed for one size are returned as equivocation evidence', async () => {
      const a = await buildLog(10, 10);
      const fork = makeWriter();
      for (let i = 0; i < 10; i++) fork.append({ kind: 'food.sale', body: { lot: `FORK-${i}` } });
      const forked = await fork.checkpoint();
      expect(forked.size).toBe(a.checkpoints[0]!.size);
      const r = verifyLog(a.bytes, { ...opts, checkpoints: [a.checkpoints[0]!, forked] });
      expect(r.verdict).toBe('invalid');
      expect(codes(r)).toContain('CHECKPOINT_EQUIVOCATION');
      expect(r.equivocations).toHaveLength(1);
      expect(r.equivocations[0]!.size).toBe(11);
      expect(r.equivocations[0]!.checkpoints.map((c) => toHex(c.root)).sort()).toEqual([toHex(a.checkpoints[0]!.root), toHex(forked.root)].sort());
    });

    it('cosignatures are checked against the log like checkpoints', async () => {
      const log = await buildLog(10, 10);
      const cs = await cosign(nodeSigner(WITNESS_SECRET), { ...log.checkpoints[0]!, time: T0 + 99_000 });
      const ok = verifyLog(log.bytes, { ...opts, checkpoints: log.checkpoints, cosignatures: [cs] });
      expect(ok.verdict).toBe('valid');
      expect(ok.heads.map((h) => [h.type, h.status])).toEqual([['checkpoint', 'verified'], ['cosignature', 'verified']]);
      const bad = verifyLog(log.bytes, { ...opts, checkpoints: log.checkpoints, cosignatures: [{ ...cs, time: cs.time + 1 }] });
      expect(codes(bad)).toEqual(['COSIGNATURE_SIGNATURE']);
    });
  });

  it('no mutation of a fully checkpointed log verifies as valid (property)', async () => {
    const log = await buildLog(12, 6);
    const cps = log.checkpoints;
    expect(cps.at(-1)!.size).toBe(13);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: log.bytes.length - 1 }), bit: fc.nat({ max: 7 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: log.bytes.length - 1 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: log.bytes.length }), byte: fc.nat({ max: 255 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat({ max: log.bytes.length - 1 }) }),
    );
    fc.assert(
      fc.property(mutation, (m) => {
        const b = log.bytes;
        const mutated =
          m.kind === 'flip' ? (() => { const c = Uint8Array.from(b); c[m.at]! ^= 1 << m.bit; return c; })()
          : m.kind === 'truncate' ? b.subarray(0, m.at)
          : m.kind === 'insert' ? concatBytes([b.subarray(0, m.at), Uint8Array.of(m.byte), b.subarray(m.at)])
          : concatBytes([b.subarray(0, m.at), b.subarray(m.at + 1)]);
        const r = verifyLog(mutated, { ...opts, checkpoints: cps });
        expect(r.verdict).not.toBe('valid');
        if (m.kind === 'flip') expect(r.verdict).toBe('invalid');
        expect(r.findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });
});
