import { describe, expect, it } from 'vitest';
import { FOOD_KINDS } from '@suyuan/food';
import { exportEpcisDocument, importEpcisDocument, toEpcisEvent, type ExportRecord, type ImportedEvent } from '../src/index.js';
import { FARM, sampleLog, SAMPLES } from './samples.js';

const strip = (body: Record<string, unknown>) => {
  const { ext, ...rest } = body as { ext?: Record<string, unknown> };
  const { epcis: _o, ...own } = ext ?? {};
  return Object.keys(own).length > 0 ? { ...rest, ext: own } : rest;
};
/** What an appender does: new positions in a new log, refs to imported events rewritten to their copies. */
function asRecords(events: ImportedEvent[], from: ExportRecord[]): ExportRecord[] {
  const key = (r: { logId: Uint8Array; seq: number }) => `${Buffer.from(r.logId).toString('hex')}/${r.seq}`;
  const moved = new Map(events.flatMap((e, i) => (e.origin ? [[key(e.origin), i + 1] as const] : [])));
  const newLog = new Uint8Array(32).fill(0xcd);
  return events.map((e, i) => ({
    kind: e.kind, body: e.body, enterprise: FARM, logId: newLog, seq: i + 1, leafHash: new Uint8Array(32).fill(i), time: from[0]!.time!,
    refs: e.refs.map((r) => (moved.has(key(r)) ? { logId: newLog, seq: moved.get(key(r))!, leafHash: new Uint8Array(32).fill(moved.get(key(r))! - 1) } : r)),
  }));
}

const EXPECT: Record<string, { type: string; bizStep: string; action?: string; disposition?: string }> = {
  'food.input-use': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'suyuan:BizStep-input_use' },
  'food.harvest': { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active' },
  'food.test': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'conformant' },
  'food.certificate': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'suyuan:BizStep-certifying' },
  'food.pack': { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', disposition: 'in_progress' },
  'food.transform': { type: 'TransformationEvent', bizStep: 'commissioning', disposition: 'active' },
  'food.ship': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' },
  'food.receive': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'mismatch_quantity' },
  'food.sale': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold' },
  'food.catering-use': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'suyuan:BizStep-catering_use' },
  'food.disposal': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'destroying', disposition: 'destroyed' },
  'food.recall': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'holding', disposition: 'recalled' },
};

describe('EPCIS export: every food kind', () => {
  it('the samples cover every kind', () => expect(Object.keys(SAMPLES).sort()).toEqual([...FOOD_KINDS].sort()));
  for (const [kind, want] of Object.entries(EXPECT)) {
    it(`${kind} → ${want.type} ${want.bizStep}`, () => {
      const rec = sampleLog().find((r) => r.kind === kind)!;
      const ev = toEpcisEvent(rec);
      expect({ type: ev.type, bizStep: ev.bizStep, action: ev.action, disposition: ev.disposition }).toEqual({ action: undefined, disposition: undefined, ...want });
      expect(ev.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      expect(ev['suyuan:record']).toEqual({ 'suyuan:log': 'ab'.repeat(32), 'suyuan:seq': rec.seq, 'suyuan:leaf': rec.leafHash, 'suyuan:enterprise': FARM });
    });
  }
  it('lots become LGTIN classes (with a GTIN) or Suyuan classes, with quantities and UN/CEFACT units', () => {
    const pack = toEpcisEvent(sampleLog().find((r) => r.kind === 'food.pack')!);
    expect(pack.parentID).toBe('https://id.gs1.org/00/069012340000000016');
    expect(JSON.parse(JSON.stringify(pack.childQuantityList))).toEqual([
      { epcClass: 'urn:suyuan:class:0101:QK-01', quantity: 400, uom: 'KGM' },
      { epcClass: 'https://id.gs1.org/01/06901234567892/10/R-9', quantity: 20, uom: 'XBG' },
    ]);
  });
  it('places: a GLN as a Digital Link, otherwise a URN of the business; ship has readPoint and a destination list', () => {
    const log = sampleLog();
    expect(toEpcisEvent(log.find((r) => r.kind === 'food.harvest')!).bizLocation).toEqual({ id: 'https://id.gs1.org/414/6901234000009' });
    const ship = toEpcisEvent(log.find((r) => r.kind === 'food.ship')!);
    expect(ship.readPoint).toEqual({ id: `urn:suyuan:loc:${FARM}:farm-1` });
    expect(ship.bizLocation).toBeUndefined();
    expect(ship.destinationList).toEqual([{ type: 'owning_party', destination: 'urn:suyuan:party:91350100MA2XN8KX46' }, { type: 'location', destination: 'urn:suyuan:loc:91350100MA2XN8KX46:stall-17' }]);
    expect(ship.epcList).toEqual(['https://id.gs1.org/00/069012340000000016']);
    expect(ship.bizTransactionList).toEqual([{ type: 'desadv', bizTransaction: 'urn:suyuan:bt:ASN-1' }, { type: 'po', bizTransaction: 'https://erp.example.com/po/9' }]);
  });
  it('certificates and tests carry certificationInfo; harvest attributes travel in ILMD, test details in suyuan:detail', () => {
    expect(toEpcisEvent(sampleLog().find((r) => r.kind === 'food.harvest')!).ilmd).toMatchObject({ 'suyuan:origin': { 'suyuan:region': '福建省福州市', 'suyuan:field': 'A-3' }, 'suyuan:product': { 'suyuan:description': '青菜' } });
    const log = sampleLog();
    expect(toEpcisEvent(log.find((r) => r.kind === 'food.certificate')!).certificationInfo).toBe('urn:suyuan:cert:%E6%89%BF%E8%AF%BA%E8%BE%BE%E6%A0%87%E5%90%88%E6%A0%BC%E8%AF%81:HG-0001');
    const test = toEpcisEvent(log.find((r) => r.kind === 'food.test')!);
    expect(test.certificationInfo).toBe('urn:suyuan:sample:S-2025-001');
    expect((test['suyuan:detail'] as Record<string, Record<string, unknown>>)['suyuan:test']!['suyuan:method']).toBe('GB/T 5009.199');
    const input = toEpcisEvent(log.find((r) => r.kind === 'food.input-use')!);
    expect(input['suyuan:detail']).toMatchObject({ 'suyuan:safetyIntervalDays': 7, 'suyuan:target': { 'suyuan:field': 'A-3' } });
  });
  it('a correction re-states each voided event, same eventID, with an errorDeclaration', async () => {
    const log = sampleLog();
    const { text, eventIds, issues } = await exportEpcisDocument(log);
    expect(issues).toEqual([]);
    const events = JSON.parse(text).epcisBody.eventList as Record<string, unknown>[];
    const restated = events.filter((e) => e.errorDeclaration !== undefined);
    expect(restated.map((e) => e.bizStep)).toEqual(['retail_selling', 'destroying']);
    const saleId = eventIds[log.findIndex((r) => r.kind === 'food.sale')];
    expect(restated[0]!.eventID).toBe(saleId);
    expect(restated[0]!.errorDeclaration).toMatchObject({ declarationTime: '2025-11-27T09:00:00+08:00', reason: 'incorrect_data', 'suyuan:detail': { 'suyuan:reason': '录入错误', 'suyuan:action': 'void' } });
  });
});

describe('EPCIS round trip: export → import → export', () => {
  it('gives back every body, kind and ref, and the same Event Hash IDs', async () => {
    const log = sampleLog();
    const first = await exportEpcisDocument(log);
    const { events, rejects } = await importEpcisDocument(first.text);
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(log.map((r) => r.kind));
    for (const [i, e] of events.entries()) {
      expect(strip(e.body)).toEqual(log[i]!.body);
      expect(e.refs).toEqual(log[i]!.refs ?? []);
    }
    const second = await exportEpcisDocument(asRecords(events, log));
    expect(second.issues).toEqual([]);
    expect(second.eventIds).toEqual(first.eventIds);
    // the import computed the same IDs as the document says
    expect(events.filter((e) => e.kind !== 'food.correction').map((e) => e.eventId)).toEqual(first.eventIds.slice(0, events.length - 1));
  });
});
