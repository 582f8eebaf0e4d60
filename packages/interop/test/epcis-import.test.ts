import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportEpcisDocument, hashEpcisDocument, importEpcis, importEpcisDocument, isInteropError, readEpcisDocument } from '../src/index.js';
import { sampleLog } from './samples.js';
import { readVector, vectorNames } from './vectors.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try { await p; } catch (e) { return isInteropError(e) ? e.code : `not coded: ${String(e)}`; }
  return undefined;
}
const doc = (events: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2025-01-01T00:00:00Z', epcisBody: { eventList: events } });
const foreignHarvest = {
  type: 'ObjectEvent', eventTime: '2025-11-26T08:30:00.250+08:00', eventTimeZoneOffset: '+08:00', action: 'ADD', bizStep: 'urn:epcglobal:cbv:bizstep:commissioning',
  quantityList: [{ epcClass: 'urn:epc:class:lgtin:690123.0456789.QK-01', quantity: 1200.0, uom: 'KGM' }], bizLocation: { id: 'urn:epc:id:sgln:690123.400000.0' },
};

describe('EPCIS import: what cannot be mapped is reported with its index and reason', () => {
  it('foreign shared vectors: every event either maps or is rejected with a coded reason, nothing silently', async () => {
    for (const name of vectorNames('epcis-hash/examples', '.jsonld')) {
      const text = readVector('epcis-hash/examples', `${name}.jsonld`);
      const total = (await collect(readEpcisDocument(text))).length;
      const results = await collect(importEpcis(text));
      expect(results.length, name).toBe(total);
      for (const r of results) if ('reject' in r) expect(r.reject.code, name).toMatch(/^EPCIS_/);
    }
  });
  it('all or nothing: any reject means no events, unless partial', async () => {
    const text = doc([foreignHarvest, { ...foreignHarvest, bizStep: 'departing' }, 42, { ...foreignHarvest, 'acme:x': 1 }]);
    const strict = await importEpcisDocument(text);
    expect(strict.events).toEqual([]);
    expect(strict.rejects.map((r) => [r.index, r.code])).toEqual([[1, 'EPCIS_UNSUPPORTED'], [2, 'EPCIS_EVENT_SHAPE'], [3, 'EPCIS_UNMAPPED_FIELD']]);
    const partial = await importEpcisDocument(text, { partial: true });
    expect(partial.events.map((e) => e.index)).toEqual([0]);
    expect(partial.rejects).toHaveLength(3);
  });
  it('a foreign commissioning of an LGTIN becomes a harvest, its original eventID kept in ext.epcis', async () => {
    const { events, rejects } = await importEpcisDocument(doc([{ ...foreignHarvest, eventID: 'urn:uuid:1' }]));
    expect(rejects).toEqual([]);
    expect(events[0]!.kind).toBe('food.harvest');
    expect(events[0]!.body).toMatchObject({ lot: 'QK-01', quantity: { value: '1200', unit: 'KGM' }, product: { gtin: '06901234567892' }, bizLocation: { gln: '6901234000009' }, ext: { epcis: { eventID: 'urn:uuid:1' } } });
  });
  it('a body the food rules refuse is rejected with the food findings', async () => {
    const { rejects } = await importEpcisDocument(doc([{ ...foreignHarvest, eventTime: '2025-11-26T08:30:00' }]));
    expect(rejects[0]).toMatchObject({ index: 0, code: 'EPCIS_INVALID_BODY', findings: [{ code: 'FOOD_BAD_TIME' }] });
  });
  it('an errorDeclaration on an event that is not a Suyuan record is unresolved unless the caller resolves its eventID', async () => {
    const corrected = { ...foreignHarvest, eventID: 'ni:///sha-256;00?ver=CBV2.0', errorDeclaration: { declarationTime: '2025-11-27T00:00:00Z', reason: 'did_not_occur' } };
    expect((await importEpcisDocument(doc([corrected]))).rejects[0]!.code).toBe('EPCIS_UNRESOLVED');
    const ref = { logId: new Uint8Array(32).fill(1), seq: 4, leafHash: new Uint8Array(32).fill(2) };
    const { events } = await importEpcisDocument(doc([corrected]), { resolveEventId: (id) => (id === corrected.eventID ? ref : undefined) });
    expect(events[0]).toMatchObject({ kind: 'food.correction', refs: [ref], body: { reason: 'did_not_occur', action: 'void', eventTime: '2025-11-27T00:00:00Z' } });
  });
});

describe('reading documents', () => {
  it('bad documents get a code and an offset', async () => {
    expect(await codeOf(collect(readEpcisDocument('')))).toBe('EPCIS_DOCUMENT');
    expect(await codeOf(collect(readEpcisDocument('[1]')))).toBe('EPCIS_DOCUMENT');
    expect(await codeOf(collect(readEpcisDocument('{"epcisBody":{"eventList":[{"type":"ObjectEvent",')))).toBe('EPCIS_JSON');
    expect(await codeOf(collect(readEpcisDocument('{"epcisBody":{"eventList":[{"type":tru}]}}')))).toBe('EPCIS_JSON');
    expect(await codeOf(collect(readEpcisDocument('{"epcisBody":{"eventList":[]}} x')))).toBe('EPCIS_JSON');
    expect(await codeOf(collect(readEpcisDocument('{"epcisBody":{"eventList":[{"a":"\\u0001x"}]}}')))).toBe('EPCIS_JSON');
    expect(await codeOf(collect(readEpcisDocument('{"type":"EPCISDocument"}')))).toBe('EPCIS_DOCUMENT');
    expect(await codeOf(collect(readEpcisDocument(Uint8Array.from([0x7b, 0xff, 0x7d]))))).toBe('EPCIS_JSON');
    try { await collect(readEpcisDocument('{"epcisBody": {"eventList": [ } ] }}')); } catch (e) { expect(isInteropError(e) && e.where.offset).toBe(30); }
  });
  it('an event longer than the limit is refused, not read into memory whole', async () => {
    const big = doc([{ type: 'ObjectEvent', note: 'x'.repeat(5000) }]);
    expect(await codeOf(collect(readEpcisDocument(big, { maxEventChars: 1000 })))).toBe('EPCIS_JSON');
    expect((await collect(readEpcisDocument(big, { maxEventChars: 10_000 }))).length).toBe(1);
  });
  it('numbers keep every digit (no floating point on the way in)', async () => {
    const [e] = await collect(readEpcisDocument(doc([]).replace('[]', '[{"type":"ObjectEvent","q":123456789012.123456}]')));
    expect((e!.event as { q: { text: string } }).q.text).toBe('123456789012.123456');
  });
  it('any chunking of the bytes (even inside a UTF-8 character) reads the same document', async () => {
    const { text } = await exportEpcisDocument(sampleLog());
    const bytes = new TextEncoder().encode(text);
    const whole = (await collect(hashEpcisDocument(text))).map((h) => h.hashId);
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 12 }), async (cuts) => {
      const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      async function* pieces() { for (let i = 1; i < at.length; i++) yield bytes.subarray(at[i - 1]!, at[i]!); }
      expect((await collect(hashEpcisDocument(pieces()))).map((h) => h.hashId)).toEqual(whole);
    }), { numRuns: 30 });
  });
  it('query documents and documents whose @context comes last are read too', async () => {
    const text = readVector('epcis-hash/examples', 'epcisQueryDocHavingEventWithIgnoreFields.jsonld');
    expect((await collect(readEpcisDocument(text))).length).toBe(2);
    const parsed = JSON.parse(doc([foreignHarvest]));
    const reordered = JSON.stringify({ epcisBody: parsed.epcisBody, '@context': [...parsed['@context'], { ex: 'https://ex.example/' }] }).replace('"uom":"KGM"', '"uom":"KGM","ex:y":"1"');
    const [e] = await collect(readEpcisDocument(reordered));
    expect(e!.prefixes.ex).toBe('https://ex.example/');
  });
});

describe('streaming export', () => {
  it('writes the document piece by piece: the first pieces come before the records run out (an endless source)', async () => {
    const one = sampleLog().find((r) => r.kind === 'food.sale')!;
    let made = 0;
    function* endless() { for (;;) { made++; yield { ...one, seq: made }; } }
    const { exportEpcis } = await import('../src/index.js');
    const gen = exportEpcis(endless());
    let text = '';
    for (let i = 0; i < 3; i++) text += (await gen.next()).value as string;
    await gen.return(undefined);
    expect(text.startsWith('{"@context":')).toBe(true);
    expect(made).toBeGreaterThan(10);
    expect(made).toBeLessThan(10_000); // pieces of ~64 KB: only what was written was made
  });
});
