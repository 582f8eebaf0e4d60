import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborReader, RECORD_LIMITS, SuyuanError, bodyText, checkRecord, decodeRecord, encode, readRecord, toHex, type CborValue } from '../src/index.js';

/** The general path: every head read by `fullHead`, none by the fast cases of `head`. */
class GeneralReader extends CborReader {
  override head(): void {
    this.fullHead(this.pos);
  }
}

/** What reading gives, comparable across readers: the value and where it ended, or the error's code and offset. */
function outcome(read: () => unknown, reader: CborReader): unknown {
  try {
    return { ok: plainOf(read()), end: reader.pos };
  } catch (e) {
    if (!(e instanceof SuyuanError)) throw e;
    return { code: e.code, offset: e.offset, path: e.path };
  }
}

function plainOf(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bytes:${toHex(v)}`;
  if (typeof v === 'bigint') return `big:${v}`;
  if (Array.isArray(v)) return v.map(plainOf);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, plainOf(x)]);
  return v;
}

const leaf: fc.Arbitrary<CborValue> = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, 23, 24, 255, 256, 65535, 65536, 2 ** 32, -24, -25, -257, 2n ** 64n - 1n, -(2n ** 64n) + 1n),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<CborValue> = fc.letrec<{ v: CborValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('lot', 'items', 'eventTime', 'a'.repeat(30))), tie('v'), { maxKeys: 5 })),
})).v;

const hash = fc.oneof({ weight: 6, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) });
const uint = fc.oneof(fc.nat(), fc.constantFrom(23, 24, 255, 256, 1_764_115_200_000, 2 ** 53 - 1, 2n ** 53n, 2n ** 64n - 1n));
const ref = fc.oneof({ weight: 5, arbitrary: fc.tuple(hash, uint, hash).map((t): CborValue => t) }, { weight: 1, arbitrary: value });
/** Records, mostly well formed, sometimes with a field of the wrong type or size. */
const recordValue: fc.Arbitrary<CborValue> = fc.tuple(
  fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: value }),
  hash, uint, hash, uint,
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom('genesis', 'food.ship', 'food.receive', 'x') }, { weight: 1, arbitrary: fc.string() }),
  fc.oneof({ weight: 6, arbitrary: fc.dictionary(fc.string(), value, { maxKeys: 6 }) }, { weight: 1, arbitrary: value }),
  fc.oneof({ weight: 6, arbitrary: fc.array(ref, { maxLength: 3 }) }, { weight: 1, arbitrary: value }),
).map((t) => t as CborValue);

/** Bytes near the edges of the head's cases: one-byte arguments around 24, other argument sizes, tags, simple values. */
const edgeByte = fc.oneof(fc.nat({ max: 255 }), fc.constantFrom(0x14, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x37, 0x38, 0x57, 0x58, 0x77, 0x78, 0x98, 0xb8, 0xbf, 0xc0, 0xd8, 0xf4, 0xf6, 0xf7, 0xf8, 0xff));
const edgeBytes = fc.array(edgeByte, { maxLength: 24 }).map((a) => Uint8Array.from(a));

/** Valid encodings and mutations of them: a byte changed, cut, inserted or removed. */
const recordBytes = fc.tuple(recordValue, fc.array(fc.tuple(fc.nat(), edgeByte, fc.integer({ min: 0, max: 3 })), { maxLength: 3 })).map(([v, edits]) => {
  let b = encode(v);
  for (const [at, byte, op] of edits) {
    const i = b.length === 0 ? 0 : at % b.length;
    if (op === 0 && b.length > 0) { b = Uint8Array.from(b); b[i] = byte; }
    else if (op === 1) b = b.subarray(0, i);
    else if (op === 2) b = Uint8Array.from([...b.subarray(0, i), byte, ...b.subarray(i)]);
    else b = Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + 1)]);
  }
  return b;
});

describe('the reader\'s fast cases give what the general path gives', () => {
  it('records: the same fields, or the same error code at the same offset, valid and mutated (property)', () => {
    fc.assert(
      fc.property(recordBytes, fc.boolean(), (bytes, build) => {
        const fast = new CborReader(bytes, 0, bytes.length, RECORD_LIMITS);
        const general = new GeneralReader(bytes, 0, bytes.length, RECORD_LIMITS);
        expect(outcome(() => readRecord(fast, build), fast)).toEqual(outcome(() => readRecord(general, build), general));
      }),
      { numRuns: 3000 },
    );
  });

  it('any item: the same value, or the same error code at the same offset (property)', () => {
    const itemBytes = fc.oneof(value.map((v) => encode(v)), edgeBytes, recordBytes);
    fc.assert(
      fc.property(itemBytes, fc.boolean(), (bytes, build) => {
        const fast = new CborReader(bytes);
        const general = new GeneralReader(bytes);
        expect(outcome(() => fast.readItem(0, build), fast)).toEqual(outcome(() => general.readItem(0, build), general));
      }),
      { numRuns: 3000 },
    );
  });

  it('checkRecord refuses exactly what decodeRecord refuses, with the same code, and bodyText gives the body\'s text fields (property)', () => {
    const result = (read: () => unknown) => {
      try {
        read();
        return 'ok';
      } catch (e) {
        if (!(e instanceof SuyuanError)) throw e;
        return `${e.code}@${e.offset}:${e.path}`;
      }
    };
    // Bodies that carry a trace code among other fields, besides the arbitrary records.
    const withTraceCode = fc.tuple(recordValue, fc.oneof(fc.string(), fc.integer()), fc.dictionary(fc.string(), value, { maxKeys: 3 })).map(([v, code, rest]) => {
      const fields = v as CborValue[];
      return encode(Array.isArray(fields) && fields.length === 8 ? fields.map((f, i) => (i === 6 ? { ...rest, traceCode: code } : f)) : v);
    });
    fc.assert(
      fc.property(fc.oneof(recordBytes, withTraceCode), (bytes) => {
        expect(result(() => checkRecord(bytes))).toBe(result(() => decodeRecord(bytes)));
        if (result(() => decodeRecord(bytes)) !== 'ok') return;
        const full = decodeRecord(bytes);
        const lean = checkRecord(bytes);
        const header = (r: typeof full) => plainOf([r.version, r.logId, r.seq, r.prev, r.time, r.kind, r.refs.map((x) => [x.logId, x.seq, x.leafHash])]);
        expect(header(lean as typeof full)).toEqual(header(full));
        for (const key of [...Object.keys(full.body), 'traceCode', 'absent']) {
          const v = full.body[key];
          expect(bodyText(bytes, lean, key)).toBe(typeof v === 'string' ? v : undefined);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
