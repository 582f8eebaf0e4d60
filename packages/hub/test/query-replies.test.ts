import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { traceBackReply } from '../src/http/query-replies.js';

// Any trace-back answer @suyuan/food's types allow, including the rare parts (tests, inputs,
// certificates, gaps) and strings that need escaping.
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

describe('the trace-back response schema', () => {
  const app = Fastify();
  let answer: unknown;
  app.get('/t', { schema: { response: traceBackReply } }, async () => answer);
  afterAll(() => app.close());

  it('writes every answer exactly as JSON.stringify does (nothing dropped, nothing changed)', async () => {
    await fc.assert(fc.asyncProperty(traceBack, async (v) => {
      answer = v;
      const res = await app.inject({ url: '/t' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(JSON.stringify(v));
    }), { numRuns: 200 });
  });
});
