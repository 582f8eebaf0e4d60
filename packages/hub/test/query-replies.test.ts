import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { recallReply, traceBackReply, traceForwardReply } from '../src/http/query-replies.js';

// Any answer @suyuan/food's types allow, including the rare parts (tests, inputs,
// certificates, gaps, several dimensions of amounts) and strings that need escaping.
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const lotId = fc.record({ logId: text, enterprise: text, lot: text });
const recordId = fc.record({ logId: text, seq: fc.nat() });
const ids = fc.array(recordId, { maxLength: 3 });
const result = fc.constantFrom('pass', 'fail');
const traceBack = fc.record({
  start: fc.array(lotId, { maxLength: 3 }),
  lots: fc.array(lotId, { maxLength: 3 }),
  origins: fc.array(fc.record({ lot: lotId, created: ids, inputs: ids, tests: fc.array(fc.record({ record: recordId, result }), { maxLength: 2 }), certificates: ids }), { maxLength: 3 }),
  tests: fc.array(fc.record({ record: recordId, lot: lotId, result }), { maxLength: 3 }),
  gaps: ids,
  incomplete: fc.boolean(),
});

// Amounts: quantities by dimension (`mass`, `count:XBX` …), in any order of keys.
const amounts = fc.dictionary(fc.oneof(fc.constantFrom('mass', 'volume', 'count', 'count:XBX'), text), text, { maxKeys: 3 });
const endPoint = { lot: lotId, in: amounts, sold: amounts, catered: amounts, disposed: amounts, onHand: amounts };
const gap = fc.record({
  ship: recordId, lot: lotId,
  // A ship line without a quantity leaves `quantity` out, as JSON.stringify does.
  quantity: fc.record({ value: text, unit: text }),
  destination: text, reason: fc.constantFrom('log-absent', 'excerpt', 'not-received', 'rejected'),
}, { requiredKeys: ['ship', 'lot', 'destination', 'reason'] });
const gaps = fc.array(gap, { maxLength: 3 });
const count = fc.nat();
const traceForward = fc.record({
  start: fc.array(lotId, { maxLength: 3 }), lots: fc.array(lotId, { maxLength: 3 }),
  endpoints: fc.array(fc.record(endPoint), { maxLength: 3 }),
  gaps, incomplete: fc.boolean(), gapCount: count,
});
const recall = fc.record({
  start: fc.array(lotId, { maxLength: 3 }),
  affected: fc.array(fc.record({ ...endPoint, shipped: amounts, used: amounts }), { maxLength: 3 }),
  businesses: fc.array(fc.record({ enterprise: text, logId: text, lots: count, onHand: amounts, sold: amounts, catered: amounts }), { maxLength: 3 }),
  totals: fc.record({ onHand: amounts, sold: amounts, catered: amounts, inGaps: amounts }),
  gaps, incomplete: fc.boolean(), gapCount: count,
});

describe('the query response schemas', () => {
  const app = Fastify();
  let answer: unknown;
  app.get('/back', { schema: { response: traceBackReply } }, async () => answer);
  app.get('/forward', { schema: { response: traceForwardReply } }, async () => answer);
  app.get('/recall', { schema: { response: recallReply } }, async () => answer);
  afterAll(() => app.close());

  for (const [name, url, arb] of [['trace-back', '/back', traceBack], ['trace-forward', '/forward', traceForward], ['recall', '/recall', recall]] as const) {
    it(`writes every ${name} answer exactly as JSON.stringify does (nothing dropped, nothing changed)`, async () => {
      await fc.assert(fc.asyncProperty(arb as fc.Arbitrary<unknown>, async (v) => {
        answer = v;
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(200);
        expect(res.body).toBe(JSON.stringify(v));
      }), { numRuns: 200 });
    });
  }
});
