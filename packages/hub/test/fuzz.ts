import fc from 'fast-check';
import { expect } from 'vitest';
import { encode, encodeCheckpoint, type Checkpoint } from '@suyuan/core';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { HubStore } from '../src/index.js';
import { hex, regulator } from './fixture.js';

/** Everything a backend holds, as one comparable value. */
export async function snapshot(store: HubStore): Promise<string> {
  const out: unknown[] = [];
  for (const l of (await store.logs()).sort((a, b) => hex(a.logId).localeCompare(hex(b.logId)))) {
    out.push(hex(l.logId), l.size, hex(l.lastLeaf),
      (await store.records(l.logId, 0, l.size)).map(hex),
      (await store.checkpoints(l.logId)).map((c) => hex(encodeCheckpoint(c))),
      (await store.cosignatures(l.logId)).length,
      (await store.evidence(l.logId)).length);
  }
  return JSON.stringify(out);
}

/**
 * Thousands of malformed and hostile requests: random and mutated CBOR bodies, wrong
 * content types, path tricks, odd methods and headers. Every answer is a 4xx with a code (or
 * a 200 for a request that happens to be a harmless valid read or re-push); none is a 5xx,
 * and the stored state is unchanged.
 */
export async function fuzzHub(app: FastifyInstance, store: HubStore, valid: { logId: Uint8Array; records: Uint8Array[]; checkpoint: Checkpoint }, runs: number): Promise<void> {
  const before = await snapshot(store);
  const id = hex(valid.logId);
  const good = encode({ checkpoint: encodeCheckpoint(valid.checkpoint), from: 0, records: valid.records });
  const mutated = fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'set'))
    .map(([at, v, how]) => {
      const b = Buffer.from(good);
      if (how === 'flip') { b[at] = b[at]! ^ (1 << (v % 8)); return b; }
      if (how === 'cut') return b.subarray(0, at);
      if (how === 'set') { b[at] = v; return b; }
      return Buffer.concat([b.subarray(0, at), Buffer.from([v]), b.subarray(at)]);
    });
  const cborish = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.uint8Array({ maxLength: 80 }), fc.boolean(), fc.constant(null),
      fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('checkpoint', 'from', 'records', 'x'), tie('v'), { maxKeys: 4 })),
  })).v.map((v) => { try { return Buffer.from(encode(v as never)); } catch { return Buffer.from([0xa0]); } });
  const hugeLengths = fc.constantFrom(
    Buffer.from([0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a map of 2^64-1 pairs
    Buffer.from([0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a byte string of 2^63 bytes
    Buffer.from([0xa3, 0x6a, ...Buffer.from('checkpoint'), 0x9f, 0xff]), // indefinite array
    Buffer.from([0xd8, 0x40, 0x40]), // a tag
  );
  const body = fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), { arbitrary: mutated, weight: 4 }, { arbitrary: cborish, weight: 2 }, hugeLengths);
  const contentType = fc.constantFrom('application/cbor', 'application/cbor', 'application/cbor', 'application/cbor', 'application/cbor', 'application/json', 'text/plain', 'application/octet-stream', 'application/cbor; charset=utf-8', 'multipart/form-data; boundary=x', 'APPLICATION/CBOR');
  const segment = fc.oneof(fc.constantFrom(id, '..', '%2e%2e', '.', '%00', 'push', 'records', '0', '-1', '1e3', '9'.repeat(30), id.toUpperCase(), `${id}%2F..`, ''), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  const path = fc.oneof(
    { arbitrary: fc.constant(`/v1/logs/${id}/push`), weight: 12 },
    fc.array(segment, { minLength: 1, maxLength: 7 }).map((s) => `/v1/logs/${s.join('/')}`),
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`),
    fc.tuple(segment, segment).map(([a, b]) => `/v1/logs/${id}/records/${a}/${b}`),
    fc.tuple(segment, segment).map(([a, b]) => `/v1/logs/${id}/proof/consistency/${a}/${b}`),
    fc.string({ maxLength: 30 }).map((s) => `/v1/trace/${encodeURIComponent(s)}`),
    fc.string({ maxLength: 30 }).map((s) => `/v1/bundle?log=${encodeURIComponent(s)}`),
  );
  const request = fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'GET', 'GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    url: path,
    contentType,
    body,
    token: fc.boolean(),
  });
  await fc.assert(fc.asyncProperty(request, async (r) => {
    const req: InjectOptions = { method: r.method as InjectOptions['method'], url: r.url, headers: { 'content-type': r.contentType, ...(r.token ? regulator : {}) } };
    if (r.method !== 'GET' && r.method !== 'HEAD') req.payload = r.body;
    const res = await app.inject(req);
    if (res.statusCode >= 500) throw new Error(`${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (res.statusCode >= 400 && r.method !== 'HEAD') expect(JSON.parse(res.body).code).toMatch(/^[A-Z_0-9]+$/);
  }), { numRuns: runs, seed: 17 });
  expect(await snapshot(store)).toBe(before);
}
