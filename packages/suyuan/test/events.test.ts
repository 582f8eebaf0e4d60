import { describe, expect, it } from 'vitest';
import { decodeRecord } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import { FOOD_KINDS } from '@suyuan/food';
import { KIND_OF, Ledger, eventNameOf, parseRef, type BatchEvent, type EventName, type LedgerEvents } from '../src/index.js';
import { GTIN, HUB, MARKET, SSCC, T, WHOLESALER, line, rejectsWith } from './helpers.js';

const open = async (enterprise: string, seed: number) => Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(seed)), enterprise, hub: HUB });

/** For each method: a valid event, and a broken one with the code and field path it must be refused with. */
type Case<K extends EventName> = { valid: LedgerEvents[K]; broken: unknown; code: string; path: string };
type Cases = { [K in EventName]: (ref: string) => Case<K> };

const CASES: Cases = {
  inputUse: () => ({
    valid: { eventTime: T, input: { type: 'pesticide', name: '吡虫啉', quantity: { value: '0.2', unit: 'KGM' } }, target: { field: 'F-3' }, safetyIntervalDays: 7 },
    broken: { eventTime: T, input: { type: 'pesticide', name: '吡虫啉', quantity: { value: '0.2', unit: 'KGM' } }, target: { field: 'F-3' } },
    code: 'FOOD_MISSING_FIELD', path: 'safetyIntervalDays',
  }),
  harvest: () => ({ valid: { eventTime: T, ...line('QK-01', '1200'), method: 'harvest' }, broken: { eventTime: T, ...line('QK-01', '-3'), method: 'harvest' }, code: 'FOOD_BAD_QUANTITY', path: 'quantity.value' }),
  test: () => ({
    valid: { eventTime: T, lot: 'QK-01', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } },
    broken: { eventTime: T, lot: 'QK-01', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'ok' } },
    code: 'FOOD_BAD_VALUE', path: 'test.result',
  }),
  certificate: () => ({
    valid: { eventTime: T, ...line('QK-01', '1200'), certificate: { type: '承诺达标合格证', number: 'HG-0001', issuer: { name: '青口基地' }, issuedOn: '2025-11-26' }, origin: '福建闽侯' },
    broken: { eventTime: T, ...line('QK-01', '1200'), certificate: { type: '承诺达标合格证', number: 'HG-0001', issuer: { name: '青口基地' }, issuedOn: '2025-13-26' }, origin: '福建闽侯' },
    code: 'FOOD_BAD_TIME', path: 'certificate.issuedOn',
  }),
  pack: () => ({ valid: { eventTime: T, container: { sscc: SSCC, type: 'pallet' }, contents: [line('QK-01', '100')] }, broken: { eventTime: T, container: { sscc: '123', type: 'pallet' }, contents: [line('QK-01', '100')] }, code: 'FOOD_BAD_SSCC', path: 'container.sscc' }),
  transform: () => ({
    valid: { eventTime: T, inputs: [line('QK-01', '100')], outputs: [line('JC-01', '95')], yield: { ratio: '0.95', tolerance: '0.05' } },
    broken: { eventTime: T, inputs: [], outputs: [line('JC-01', '95')], yield: { ratio: '0.95', tolerance: '0.05' } },
    code: 'FOOD_BAD_VALUE', path: 'inputs',
  }),
  ship: () => ({ valid: { eventTime: T, items: [line('QK-01', '100')], destination: { enterprise: MARKET } }, broken: { eventTime: T, items: [line('QK-01', '100')], destination: { enterprise: '91350100M000100Y44' } }, code: 'FOOD_BAD_USCC', path: 'destination.enterprise' }),
  receive: (ref) => ({ valid: { eventTime: T, items: [line('QK-01', '100')], source: { enterprise: WHOLESALER }, status: 'accepted', shipment: ref }, broken: { eventTime: T, items: [line('QK-01', '100')], source: { enterprise: WHOLESALER }, status: 'accepted' }, code: 'RECEIVE_WITHOUT_SHIPMENT', path: 'shipment' }),
  sale: () => ({ valid: { eventTime: T, ...line('QK-01', '0.5') }, broken: { eventTime: T, ...line('QK-01', '0.5'), quantiy: '1' }, code: 'FOOD_UNKNOWN_FIELD', path: 'quantiy' }),
  cateringUse: () => ({ valid: { eventTime: T, ...line('QK-01', '2'), dish: '清炒时蔬' }, broken: { eventTime: T, ...line('QK-01', '2'), dish: 5 }, code: 'FOOD_WRONG_TYPE', path: 'dish' }),
  disposal: () => ({ valid: { eventTime: T, ...line('QK-01', '1'), reason: 'wilted' }, broken: { eventTime: T, ...line('QK-01', '1') }, code: 'FOOD_MISSING_FIELD', path: 'reason' }),
  recallNotice: () => ({ valid: { eventTime: T, lots: [{ lot: 'QK-01' }], reason: 'residue above limit', level: 'II', action: 'stop-sale' }, broken: { eventTime: T, lots: [{ lot: 'QK-01' }], reason: 'residue', level: 'IV', action: 'stop-sale' }, code: 'FOOD_BAD_VALUE', path: 'level' }),
  correction: () => ({ valid: { eventTime: T, reason: 'wrong quantity', action: 'void', corrects: [1] }, broken: { eventTime: T, reason: 'wrong quantity', action: 'void', corrects: [] }, code: 'FOOD_CORRECTION_TARGET', path: 'corrects' }),
};

async function setting() {
  const wholesaler = await open(WHOLESALER, 1);
  const shipped = await wholesaler.ship({ eventTime: T, items: [line('QK-01', '100')], destination: { enterprise: MARKET } });
  const market = await open(MARKET, 2);
  await market.receive({ eventTime: T, items: [line('QK-01', '100')], source: { enterprise: WHOLESALER }, status: 'accepted', shipment: shipped.ref }); // seq 1, for the correction
  return { market, ref: shipped.ref };
}

describe('one method per event kind', () => {
  for (const name of Object.keys(CASES) as EventName[]) {
    it(`${name}: a valid event is recorded durably; a broken one is refused with its code and field, and nothing is written`, async () => {
      const { market, ref } = await setting();
      const c = CASES[name](ref);
      const call = (e: unknown) => (market[name] as (e: unknown) => Promise<{ seq: number; leafHash: Uint8Array; ref: string }>).call(market, e);
      const before = market.size;
      const err = await rejectsWith(call(c.broken), c.code as never);
      expect(err.path).toBe(c.path);
      expect(market.size).toBe(before);
      const r = await call(c.valid);
      expect(r.seq).toBe(before);
      const stored = decodeRecord(await (market as unknown as { log: { store: MemoryLogStore } }).log.store.read(r.seq));
      expect(stored.kind.startsWith('food.')).toBe(true);
      expect(parseRef(r.ref)).toEqual({ logId: market.logId, seq: r.seq, leafHash: r.leafHash });
      await market.close();
    });
  }

  it('a receive records the parsed shipment reference in its refs, and refuses a mistyped one', async () => {
    const { market, ref } = await setting();
    const flipped = ref.slice(0, 10) + (ref[10] === 'A' ? 'B' : 'A') + ref.slice(11);
    await rejectsWith(market.receive({ ...CASES.receive(flipped).valid }), 'REF_CHECK');
    await rejectsWith(market.receive({ ...CASES.receive('PO-4711').valid }), 'REF_FORMAT');
    const r = await market.receive(CASES.receive(ref).valid);
    const stored = decodeRecord(await (market as unknown as { log: { store: MemoryLogStore } }).log.store.read(r.seq));
    expect(stored.refs).toEqual([parseRef(ref)]);
    expect(stored.body).not.toHaveProperty('shipment');
  });

  it('a correction may not void a record of another ledger or one that does not exist', async () => {
    const { market, ref } = await setting();
    await rejectsWith(market.correction({ eventTime: T, reason: 'x', action: 'void', corrects: [ref] }), 'FOOD_CORRECTION_TARGET');
    await rejectsWith(market.correction({ eventTime: T, reason: 'x', action: 'void', corrects: [99] }), 'FOOD_CORRECTION_TARGET');
    const first = await market.sale({ eventTime: T, ...line('QK-01', '1') });
    const r = await market.correction({ eventTime: T, reason: 'x', action: 'void', corrects: [first.ref] });
    expect(r.seq).toBe(first.seq + 1);
  });

  it('a sale and a pack issue a trace code when none is given and keep one that is', async () => {
    const { market } = await setting();
    const issued = await market.sale({ eventTime: T, ...line('QK-01', '0.5') });
    expect(issued.traceCode.code).toMatch(/^[A-Z2-7]{16}$/);
    expect(issued.traceCode.uri).toBe(`https://${HUB}/t/${issued.traceCode.code}`);
    const given = await market.sale({ eventTime: T, ...line('QK-01', '0.5', GTIN), traceCode: 'SY-1001' });
    expect(given.traceCode.code).toBe('SY-1001');
    expect(given.traceCode.uri).toBe(`https://id.gs1.org/01/0${GTIN}/10/QK-01`);
    const packed = await market.pack({ eventTime: T, container: { sscc: SSCC, type: 'pallet' }, contents: [line('QK-01', '10')] });
    expect(packed.traceCode.code).toMatch(/^[A-Z2-7]{16}$/);
    const stored = decodeRecord(await (market as unknown as { log: { store: MemoryLogStore } }).log.store.read(packed.seq));
    expect((stored.body.container as { id: string }).id).toBe(packed.traceCode.code);
    const labelled = await market.pack({ eventTime: T, container: { id: '箱 7', type: 'case' }, contents: [line('QK-01', '1')] });
    expect(labelled.traceCode.code).toBe('箱 7'); // the caller's id is the code, but it cannot be part of a URL
    expect(labelled.traceCode.uri).toBeUndefined();
    const mine = { eventTime: T, ...line('QK-01', '0.5') };
    await market.sale(mine);
    expect(mine).not.toHaveProperty('traceCode'); // the caller's object is left as it was
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) codes.add((await market.sale({ eventTime: T, ...line('QK-01', '0.1') })).traceCode.code);
    expect(codes.size).toBe(200);
  });
});

describe('fields set to undefined', () => {
  it('are absent, as validation sees them, at any depth, and the caller\'s object is left as it was', async () => {
    const { market } = await setting();
    const event = { eventTime: T, ...line('QK-01', '1'), note: undefined, product: { description: '青菜', category: '0101', gtin: undefined } };
    const r = await market.sale(event);
    const stored = decodeRecord(await (market as unknown as { log: { store: MemoryLogStore } }).log.store.read(r.seq));
    expect(stored.body).not.toHaveProperty('note');
    expect(stored.body.product).toEqual({ description: '青菜', category: '0101' });
    expect(event).toHaveProperty('note');
    expect(event.product).toHaveProperty('gtin');
  });
});

describe('appendBatch', () => {
  it('is all or nothing: one bad event anywhere and nothing is written; the error names its index and field', async () => {
    const { market } = await setting();
    const before = market.size;
    const batch: BatchEvent[] = [
      { kind: 'sale', event: { eventTime: T, ...line('QK-01', '1') } },
      { kind: 'sale', event: { eventTime: T, ...line('QK-01', '1') } },
      { kind: 'disposal', event: { eventTime: T, ...line('QK 01', '1'), reason: 'x' } },
    ];
    const err = await rejectsWith(market.appendBatch(batch), 'FOOD_BAD_LOT');
    expect(err.index).toBe(2);
    expect(err.path).toBe('lot');
    expect(market.size).toBe(before);
    const ok = await market.appendBatch(batch.slice(0, 2));
    expect(ok.map((r) => r.seq)).toEqual([before, before + 1]);
    expect(ok.every((r) => r.traceCode !== undefined)).toBe(true);
  });

  it('maps every food kind to its method and back', () => {
    for (const kind of FOOD_KINDS) expect(KIND_OF[eventNameOf(kind)!]).toBe(kind);
    expect(eventNameOf('food.steal')).toBeUndefined();
  });

  it('refuses an unknown method name with FOOD_UNKNOWN_KIND', async () => {
    const { market } = await setting();
    await rejectsWith(market.appendBatch([{ kind: 'steal', event: {} } as unknown as BatchEvent]), 'FOOD_UNKNOWN_KIND');
  });
});
