import { CborReader, RECORD_LIMITS, encode, type CborMap, type RecordRef } from '@suyuan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotGraphBuilder, validateEvent, type FoodFinding, type LotGraph } from '../src/index.js';
import { readLotEvent } from '../src/graph/fast-body.js';
import { VALID } from './bodies.js';

/**
 * The lot-line events read straight from their bytes (fast-body.ts) against the general path
 * (decode, validateEvent, EventStore.add): generated bodies, sound and broken in every field
 * the fast path reads and in fields it leaves to the general path, give one graph and one
 * list of findings either way; the fast path never accepts a body validateEvent refuses.
 */

const LOG_ID = new Uint8Array(32).fill(3);
const REFS: RecordRef[] = [];

/** Strings at the edges of what the fields read allow, and past them. */
const EDGES = ['', ' ', 'QK-01', 'L9', 'a'.repeat(20), 'a'.repeat(21), 'bad lot!', 'KGM', 'LTR', 'H87', 'XBX', 'kg', '1', '0', '0.000', '00.10', '12.5', '1.1234567', '-1', '1e3', '.5', '2025-11-26T08:30:00+08:00', '2025-11-26T08:30:00Z', '2025-13-26T08:30:00+08:00', '2025-11-26 08:30:00', '青菜', '🍅', '🍅'.repeat(64), '🍅'.repeat(65), 'é'.repeat(64), 'é'.repeat(65), '清'.repeat(200), '清'.repeat(201), 'x'.repeat(1000), 'x'.repeat(1001), 'SY-0001', 'bad code!', '_'.repeat(64), '_'.repeat(65), '4006381333931', '4006381333932', '06141411234567', '0101'];
const other = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.integer({ min: -2, max: 300 }), fc.boolean(), fc.constant(null), fc.constant(new Uint8Array([1, 2])), fc.constant([]), fc.constant({}), fc.constant(['QK-01']));
const val = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EDGES) }, { weight: 1, arbitrary: other });
const ABSENT = Symbol('absent');
/** A field: mostly its sound value, often an edge, sometimes anything or absent. */
const field = (sound: unknown) => fc.oneof({ weight: 20, arbitrary: fc.constant(sound) }, { weight: 3, arbitrary: val }, { weight: 1, arbitrary: fc.constant(ABSENT) });
/** A field the fast path leaves to the general path: mostly absent. */
const rare = (value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 24, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value });
const present = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ABSENT));

const product = fc.oneof(
  { weight: 8, arbitrary: fc.record({ description: field('青菜'), gtin: field('4006381333931'), category: field('0101'), extra: rare(val) }).map(present) },
  { weight: 1, arbitrary: val },
);
const quantity = fc.oneof(
  { weight: 8, arbitrary: fc.record({ value: field('12.5'), unit: field('KGM'), other: rare(val) }).map(present) },
  { weight: 1, arbitrary: val },
);

/** A body of a lot-line kind, each field sound, at an edge, anything or absent; or a sound body of another kind, a field changed. */
const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('food.sale', 'food.catering-use', 'food.disposal').chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        body: fc.record({
          eventTime: field('2025-11-26T08:30:00+08:00'), lot: field('QK-01'), product, quantity, note: rare(val),
          traceCode: kind === 'food.sale' ? field('SY-0001') : rare(val), dish: kind === 'food.catering-use' ? field('清炒青菜') : rare(val), reason: kind === 'food.disposal' ? field('wilted') : rare(val),
          ext: rare(fc.oneof(fc.constant({ shelf: 'A3' }), val)), bizLocation: rare(fc.constant({ id: 'S-1' })), unknown: rare(val),
        }).map(present),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constantFrom('food.harvest', 'food.receive', 'food.correction', 'food.sale'), field: fc.constantFrom('eventTime', 'lot', 'quantity', 'items', 'reason'), value: val })
      .map(({ kind, field: f, value }) => ({ kind, body: { ...VALID[kind]!, [f]: value } as Record<string, unknown> })),
  },
);

function build(records: { kind: string; bytes: Uint8Array }[], encoded: boolean): { graph: LotGraph; findings: FoodFinding[] } {
  const findings: FoodFinding[] = [];
  const b = new LotGraphBuilder({ onFinding: (f) => findings.push(f), traceCodes: true });
  const n = b.addLog({ logId: LOG_ID, enterprise: '92350102MA2MKT0013' });
  records.forEach((r, i) => {
    const seq = i + 1;
    if (encoded) b.addEncoded(n, { seq, kind: r.kind, refs: REFS }, r.bytes, 0, r.bytes.length);
    else b.addRecord(n, { version: 1, logId: LOG_ID, seq, prev: LOG_ID, time: 0, kind: r.kind, body: new CborReader(r.bytes, 0, r.bytes.length, RECORD_LIMITS).readItem(1, true) as CborMap, refs: REFS });
  });
  return { graph: b.build(), findings };
}

/** Everything the graph holds about its events and lots. */
function dump(g: LotGraph) {
  const events = Array.from({ length: g.eventCount }, (_, id) => ({ ...g.event(id), lines: g.lotLines(id) }));
  return { events, nodes: g.nodes, traceCodes: [...g.traceCodes.entries()], findings: g.findings };
}

describe('lot-line events read from their bytes', () => {
  it('give the graph and findings the general path gives, for sound and broken bodies of every kind', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 6 }), (bodies) => {
        const records = bodies.map((x) => ({ kind: x.kind, bytes: encode(x.body) }));
        const general = build(records, false);
        const fast = build(records, true);
        expect(fast.findings).toEqual(general.findings);
        expect(dump(fast.graph)).toEqual(dump(general.graph));
      }),
      { numRuns: 400 },
    );
  });

  it('accept exactly what validateEvent finds sound, in the fields they read', () => {
    let accepted = 0;
    let sound = 0;
    fc.assert(
      fc.property(body, ({ kind, body: b }) => {
        const bytes = encode(b);
        const decoded = new CborReader(bytes, 0, bytes.length, RECORD_LIMITS).readItem(1, true) as Record<string, unknown>;
        const fast = readLotEvent(kind, bytes, 0, bytes.length);
        const ok = validateEvent(kind, decoded).length === 0;
        if (fast !== undefined) {
          accepted++;
          expect(ok).toBe(true);
        }
        // A sound body without the fields left to the general path is always taken.
        const leftToGeneral = ['ext', 'bizLocation', 'bizTransactions'].some((k) => k in decoded);
        if (ok && !leftToGeneral && ['food.sale', 'food.catering-use', 'food.disposal'].includes(kind)) {
          sound++;
          expect(fast).toBeDefined();
        }
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(2000); // the fast path is exercised, not only its refusals
    expect(sound).toBe(accepted);
  });

  it('take the sound bodies of the three kinds, and leave what they do not read to the general path', () => {
    for (const kind of ['food.sale', 'food.catering-use', 'food.disposal']) {
      const bytes = encode(VALID[kind]);
      expect(readLotEvent(kind, bytes, 0, bytes.length)).toBeDefined();
      const ext = encode({ ...VALID[kind], ext: { shelf: 'A3' } });
      expect(readLotEvent(kind, ext, 0, ext.length)).toBeUndefined();
    }
    const harvest = encode(VALID['food.harvest']);
    expect(readLotEvent('food.harvest', harvest, 0, harvest.length)).toBeUndefined();
  });

  it('refuse bytes that are not one canonical map (cut short, trailing, non-shortest heads) without throwing', () => {
    const bytes = encode(VALID['food.sale']);
    for (let cut = 0; cut < bytes.length; cut++) expect(readLotEvent('food.sale', bytes, 0, cut)).toBeUndefined();
    const trailing = new Uint8Array([...bytes, 0]);
    expect(readLotEvent('food.sale', trailing, 0, trailing.length)).toBeUndefined();
    // A map head of 5 written in two bytes (0xb8 0x05) instead of one.
    const long = new Uint8Array([0xb8, bytes[0]! & 31, ...bytes.subarray(1)]);
    expect(readLotEvent('food.sale', long, 0, long.length)).toBeUndefined();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
      readLotEvent('food.sale', junk, 0, junk.length);
    }));
  });
});
