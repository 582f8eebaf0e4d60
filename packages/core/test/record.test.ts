import { describe, expect, it } from 'vitest';
import {
  CborReader, decodeRecord, encode, encodeRecord, fromHex, genesisInfo, readRecord, toHex, MAX_RECORD_BYTES, ZERO_HASH, type LogRecord,
} from '../src/index.js';
import { expectCode } from './helpers.js';

const H1 = new Uint8Array(32).fill(0x11);
const H2 = new Uint8Array(32).fill(0x22);
const base: LogRecord = {
  version: 1, logId: H1, seq: 5, prev: H2, time: 1_764_115_200_000, kind: 'food.receive',
  body: { lot: 'A1', quantity: '12.5' }, refs: [{ logId: H2, seq: 3, leafHash: H1 }],
};

/** Encodes an arbitrary array as a record would be, bypassing encodeRecord's checks. */
const raw = (fields: unknown[]) => encode(fields);
const fields = (r: LogRecord): unknown[] => [r.version, r.logId, r.seq, r.prev, r.time, r.kind, r.body, r.refs.map((x) => [x.logId, x.seq, x.leafHash])];

describe('records', () => {
  it('round-trip through encodeRecord and decodeRecord', () => {
    const bytes = encodeRecord(base);
    const back = decodeRecord(bytes);
    expect(back.seq).toBe(5);
    expect(back.kind).toBe('food.receive');
    expect(back.body).toEqual({ lot: 'A1', quantity: '12.5' });
    expect(toHex(back.refs[0]!.leafHash)).toBe(toHex(H1));
    expect(toHex(encodeRecord(back))).toBe(toHex(bytes));
  });

  it('are a fixed-position array of 8 starting with version 1', () => {
    const bytes = encodeRecord(base);
    expect(bytes[0]).toBe(0x88);
    expect(bytes[1]).toBe(0x01);
    expect(bytes[2]).toBe(0x58); // byte string, one-byte length
    expect(bytes[3]).toBe(32);
  });

  it('readRecord without building the body still checks it is canonical', () => {
    const good = encodeRecord({ ...base, body: { a: 1 } });
    expect(readRecord(new CborReader(good), false).body).toBeUndefined();
    const hex = toHex(good);
    expect(hex.split('a1616101').length).toBe(2); // the body {a: 1} occurs once
    const withBody = (body: string) => fromHex(hex.replace('a1616101', body));
    expectCode(() => readRecord(new CborReader(withBody('a2616101616101')), false), 'CBOR_DUPLICATE_KEY');
    expectCode(() => readRecord(new CborReader(withBody('a2616201616101')), false), 'CBOR_MAP_KEY_ORDER');
    expectCode(() => readRecord(new CborReader(withBody('a16161f93c00')), false), 'CBOR_FLOAT');
    expectCode(() => readRecord(new CborReader(withBody('a161611801')), false), 'CBOR_NON_SHORTEST');
  });

  it.each<[string, unknown[], string]>([
    ['not an array', [], 'RECORD_SHAPE'],
    ['7 fields', fields(base).slice(0, 7), 'RECORD_SHAPE'],
    ['version 2', [2, ...fields(base).slice(1)], 'RECORD_VERSION'],
    ['log id of 31 bytes', [1, H1.subarray(1), ...fields(base).slice(2)], 'RECORD_SHAPE'],
    ['negative seq', [1, H1, -1, ...fields(base).slice(3)], 'RECORD_SHAPE'],
    ['seq beyond 2^53', [1, H1, 2n ** 60n, ...fields(base).slice(3)], 'RECORD_SHAPE'],
    ['time as text', [...fields(base).slice(0, 4), '2025-11-26', ...fields(base).slice(5)], 'RECORD_SHAPE'],
    ['kind with capitals', [...fields(base).slice(0, 5), 'Food.Sale', ...fields(base).slice(6)], 'RECORD_KIND'],
    ['kind empty', [...fields(base).slice(0, 5), '', ...fields(base).slice(6)], 'RECORD_KIND'],
    ['kind too long', [...fields(base).slice(0, 5), 'a'.repeat(65), ...fields(base).slice(6)], 'RECORD_KIND'],
    ['body an array', [...fields(base).slice(0, 6), [1], []], 'RECORD_SHAPE'],
    ['refs a map', [...fields(base).slice(0, 7), {}], 'RECORD_REF'],
    ['ref of two fields', [...fields(base).slice(0, 7), [[H1, 1]]], 'RECORD_REF'],
    ['ref with a short hash', [...fields(base).slice(0, 7), [[H1, 1, H2.subarray(2)]]], 'RECORD_REF'],
  ])('decoding refuses %s with %s', (_name, f, code) => {
    const bytes = _name === 'not an array' ? encode({ a: 1 }) : raw(f);
    expectCode(() => decodeRecord(bytes), code as never);
  });

  it('decoding refuses a record followed by more bytes', () => {
    const bytes = encodeRecord(base);
    const e = expectCode(() => decodeRecord(Uint8Array.from([...bytes, 0])), 'CBOR_TRAILING_BYTES');
    expect(e.offset).toBe(bytes.length);
  });

  it('decoding refuses a record over the size limit before reading it', () => {
    expectCode(() => decodeRecord(new Uint8Array(MAX_RECORD_BYTES + 1)), 'CBOR_TOO_LARGE');
  });

  it('encoding refuses the same mistakes with a path', () => {
    expect(expectCode(() => encodeRecord({ ...base, version: 2 }), 'RECORD_VERSION').path).toBe('version');
    expect(expectCode(() => encodeRecord({ ...base, seq: 1.5 }), 'RECORD_SHAPE').path).toBe('seq');
    expect(expectCode(() => encodeRecord({ ...base, kind: 'x y' }), 'RECORD_KIND').path).toBe('kind');
    expect(expectCode(() => encodeRecord({ ...base, refs: [{ logId: H1, seq: -2, leafHash: H2 }] }), 'RECORD_REF').path).toBe('refs[0].seq');
    expect(expectCode(() => encodeRecord({ ...base, body: { q: 0.5 } }), 'CBOR_UNSUPPORTED_VALUE').path).toBe('$[6].q');
    expectCode(() => encodeRecord({ ...base, body: { big: 'x'.repeat(MAX_RECORD_BYTES) } }), 'CBOR_TOO_LARGE');
  });

  it('genesis rules', () => {
    const g = { seq: 0, logId: ZERO_HASH, prev: ZERO_HASH, kind: 'genesis', refs: [], body: { suite: 'ed25519-sha256', author: H1, enterprise: 'E', meta: {} } };
    expect(genesisInfo(g).enterprise).toBe('E');
    expectCode(() => genesisInfo({ ...g, seq: 1 }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, kind: 'food.sale' }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, logId: H1 }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, prev: H1 }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, refs: [{ logId: H1, seq: 0, leafHash: H1 }] }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, extra: 1 } }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, suite: 'sm9-sm3' } }), 'RECORD_SUITE');
    // sm2-sm3 is a suite now, but its author is a 65-byte SM2 key, not this 32-byte one.
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, suite: 'sm2-sm3' } }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, author: H1.subarray(1) } }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, enterprise: '' } }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, meta: [] } }), 'RECORD_GENESIS');
  });

  it('refuses a genesis whose author key has small order or is not canonical (FORMAT.md §2.1)', () => {
    const g = { seq: 0, logId: ZERO_HASH, prev: ZERO_HASH, kind: 'genesis', refs: [], body: { suite: 'ed25519-sha256', author: H1, enterprise: 'E', meta: {} } };
    for (const hex of ['0100000000000000000000000000000000000000000000000000000000000000', 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f']) {
      expect(expectCode(() => genesisInfo({ ...g, body: { ...g.body, author: fromHex(hex) } }), 'RECORD_GENESIS').path).toBe('body.author');
    }
  });

  it('counts the enterprise in code points, not UTF-16 units (FORMAT.md §2.1)', () => {
    const g = { seq: 0, logId: ZERO_HASH, prev: ZERO_HASH, kind: 'genesis', refs: [], body: { suite: 'ed25519-sha256', author: H1, enterprise: 'E', meta: {} } };
    const astral = '\u{20000}'; // one code point, two UTF-16 units, four UTF-8 bytes
    expect(genesisInfo({ ...g, body: { ...g.body, enterprise: astral.repeat(256) } }).enterprise).toHaveLength(512);
    expect(genesisInfo({ ...g, body: { ...g.body, enterprise: '闽'.repeat(256) } }).enterprise).toHaveLength(256);
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, enterprise: astral.repeat(257) } }), 'RECORD_GENESIS');
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, enterprise: '闽'.repeat(257) } }), 'RECORD_GENESIS');
  });
});
