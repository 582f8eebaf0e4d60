import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '@suyuan/food';
import { exportEpcisDocument, importEpcisDocument, type ExportRecord } from '../src/index.js';
import { FARM, MARKET } from './samples.js';

const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const lot = fc.array(fc.constantFrom(...CSET82), { minLength: 1, maxLength: 20 }).map((a) => a.join(''));
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0);
const decimal = fc.tuple(fc.integer({ min: 1, max: 999_999_999_999 }), fc.option(fc.integer({ min: 0, max: 999_999 }))).map(([i, f]) => (f === null ? String(i) : `${i}.${String(f).padStart(6, '0')}`));
const gtins = ['06901234567892', '6901234567892', '96385074', '036000291452'];
const product = fc.oneof(
  fc.record({ description: text, gtin: fc.constantFrom(...gtins) }),
  fc.record({ description: text, category: fc.stringMatching(/^[0-9A-Za-z:.-]{1,10}$/) }),
  fc.record({ description: text, gtin: fc.constantFrom(...gtins), category: fc.constant('0101') }),
);
const line = fc.record({ lot, product, quantity: fc.record({ value: decimal, unit: fc.constantFrom('KGM', 'GRM', 'LTR', 'H87', 'XBX') }) });
const time = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).chain((t) => fc.constantFrom('Z', '+08:00', '-05:30').map((z) => {
  const local = new Date(t + (z === 'Z' ? 0 : (z === '+08:00' ? 8 * 60 : -330) * 60_000)).toISOString().slice(0, 19);
  return `${local}${z}`;
}));
const location = fc.record({ id: fc.stringMatching(/^[A-Za-z0-9 :/_-]{1,20}$/), gln: fc.constantFrom('6901234000009', undefined), name: fc.option(text, { nil: undefined }) }, { requiredKeys: ['id'] });
const common = { eventTime: time, bizLocation: fc.option(location, { nil: undefined }), note: fc.option(text, { nil: undefined }), ext: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.jsonValue(), { maxKeys: 3 }), { nil: undefined }) };
const clean = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

const bodies = fc.oneof(
  fc.record({ ...common, line, method: fc.constantFrom('harvest', 'slaughter', 'catch', 'collect') }).map(({ line: l, ...b }) => ({ kind: 'food.harvest', body: { ...b, ...l } })),
  fc.record({ ...common, items: fc.array(fc.oneof(line, fc.constant({ sscc: '069012340000000016' })), { minLength: 1, maxLength: 4 }), carrier: fc.option(text, { nil: undefined }) })
    .map((b) => ({ kind: 'food.ship', body: { ...b, destination: { enterprise: MARKET } } })),
  fc.record({ ...common, inputs: fc.array(line, { minLength: 1, maxLength: 3 }), outputs: fc.array(line, { minLength: 1, maxLength: 3 }), ratio: decimal })
    .map(({ ratio, ...b }) => ({ kind: 'food.transform', body: { ...b, yield: { ratio, tolerance: '0.1' } } })),
  fc.record({ ...common, line, traceCode: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { nil: undefined }) }).map(({ line: l, ...b }) => ({ kind: 'food.sale', body: { ...b, ...l } })),
);

describe('EPCIS round trip, any body', () => {
  it('export → import gives the body back; export again gives the same Event Hash ID', async () => {
    await fc.assert(fc.asyncProperty(bodies, fc.boolean(), async ({ kind, body }, positioned) => {
      const b = clean(body);
      fc.pre(validateEvent(kind, b).length === 0);
      const rec: ExportRecord = { kind, body: b, enterprise: FARM, ...(positioned ? { logId: 'ab'.repeat(32), seq: 7, leafHash: 'cd'.repeat(32) } : {}) };
      const first = await exportEpcisDocument([rec]);
      expect(first.issues).toEqual([]);
      const { events, rejects } = await importEpcisDocument(first.text);
      expect(rejects).toEqual([]);
      const { ext, ...rest } = events[0]!.body as { ext: Record<string, unknown> };
      const { epcis: _o, ...own } = ext;
      // an empty ext says nothing and is not exported
      const want = structuredClone(b) as Record<string, unknown>;
      if (want.ext !== undefined && Object.keys(want.ext as object).length === 0) delete want.ext;
      expect((Object.keys(own).length > 0 ? { ...rest, ext: own } : rest) as unknown).toEqual(want);
      const again = await exportEpcisDocument([{ kind, body: events[0]!.body, refs: events[0]!.refs, enterprise: MARKET, logId: 'ef'.repeat(32), seq: 1, leafHash: '01'.repeat(32) }]);
      expect(again.eventIds).toEqual(first.eventIds);
    }), { numRuns: 150 });
  });
});
