import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LogWriter, decode, decodeCheckpoint, sm2Signer, suiteCrypto, decodeCosignature, encode, encodeCheckpoint, encodeCosignature, verifyConsistency, verifyCosignatureSignature, verifyInclusion,
  type CborMap,
} from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotQueries } from '@suyuan/food';
import { ENROL_KIND, verifyBundle } from '@suyuan/verify';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createHubApp, isHubError, type AnyCode, type HubStore } from '../src/index.js';
import {
  AUTHORITY_KEY, HUB_KEY, HUB_SECRET, TOKEN, USCC, Business, cborOf, hex, hubApp, marketBusiness, pushLogVia, pushTo, regulator, sale, world,
} from './fixture.js';
import { fuzzHub } from './fuzz.js';

export interface Backend {
  /** Opens the backend on the test's storage (the same storage each time within one test). */
  open(): Promise<HubStore>;
  /** Called after each test. */
  cleanup(): Promise<void>;
}

/** One HTTP conformance suite, run against every backend. */
export function conformance(name: string, backend: () => Backend): void {
  describe(`hub conformance: ${name}`, () => {
    let b: Backend;
    let store: HubStore;
    let app: FastifyInstance;
    beforeEach(async () => {
      b = backend();
      store = await b.open();
      app = await hubApp(store);
    });
    afterEach(async () => {
      await app.close();
      await store.close();
      await b.cleanup();
    });

    async function enrolledMarket() {
      const m = marketBusiness();
      const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
      expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
      return { m, w };
    }

    it('stores a pushed log, cosigns its checkpoint with the hub key, and serves the checkpoint publicly', async () => {
      const w = await world();
      expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
      const res = await pushLogVia(app, w.logs.market1!);
      expect(res.statusCode).toBe(200);
      const body = cborOf(res);
      expect(body.status).toBe('stored');
      expect(body.size).toBe(w.logs.market1!.records.length);
      const cs = decodeCosignature(body.cosignature as Uint8Array);
      expect(cs.witness).toEqual(HUB_KEY);
      expect(verifyCosignatureSignature(nodeCrypto, cs)).toBe(true);
      const got = await app.inject({ url: `/v1/logs/${hex(w.logs.market1!.logId)}/checkpoint` });
      expect(got.statusCode).toBe(200);
      const head = cborOf(got);
      expect(decodeCheckpoint(head.checkpoint as Uint8Array)).toEqual(w.logs.market1!.checkpoint);
      expect((head.cosignatures as Uint8Array[]).map(decodeCosignature).map((c) => hex(c.witness))).toEqual([hex(HUB_KEY)]);
    });

    it('a re-push of what is stored succeeds and changes nothing', async () => {
      const w = await world();
      await pushLogVia(app, w.authority);
      await pushLogVia(app, w.logs.farmA!);
      const before = { cps: await store.checkpoints(w.logs.farmA!.logId), cs: await store.cosignatures(w.logs.farmA!.logId), log: await store.log(w.logs.farmA!.logId) };
      const again = await pushLogVia(app, w.logs.farmA!);
      expect(again.statusCode).toBe(200);
      expect(cborOf(again)).toMatchObject({ status: 'unchanged', appended: 0, size: w.logs.farmA!.records.length });
      expect(plain(await store.checkpoints(w.logs.farmA!.logId))).toEqual(plain(before.cps));
      expect(plain(await store.cosignatures(w.logs.farmA!.logId))).toEqual(plain(before.cs));
      expect(plain(await store.log(w.logs.farmA!.logId))).toEqual(plain(before.log));
    });

    it('resumes: a log pushed in parts, each with its checkpoint; an overlapping re-send is accepted', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1); sale(m, 2);
      const cp1 = await m.writer.checkpoint();
      const first = [m.writer.genesis, ...m.appended];
      expect((await pushTo(app, m.logId, 0, first, cp1)).statusCode).toBe(200);
      sale(m, 3); sale(m, 4);
      const cp2 = await m.writer.checkpoint();
      const all = [m.writer.genesis, ...m.appended];
      const res = await pushTo(app, m.logId, 1, all.slice(1), cp2); // overlaps [1, 3)
      expect(res.statusCode).toBe(200);
      expect(cborOf(res)).toMatchObject({ status: 'stored', appended: 2, size: 5 });
      const recs = await app.inject({ url: `/v1/logs/${hex(m.logId)}/records/0/5`, headers: regulator });
      expect(recs.statusCode).toBe(200);
      expect(recs.headers['cache-control']).toContain('immutable');
      expect(Buffer.from(recs.rawPayload).equals(Buffer.concat(all))).toBe(true);
      // Proofs verify against the author's checkpoints.
      const inc = cborOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/proof/inclusion/3/5`, headers: regulator }));
      verifyInclusion(nodeCrypto, 3, 5, nodeCrypto.leafHash(all[3]!), inc.proof as Uint8Array[], cp2.root);
      const con = cborOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/proof/consistency/3/5`, headers: regulator }));
      verifyConsistency(nodeCrypto, 3, 5, cp1.root, cp2.root, con.proof as Uint8Array[]);
      // An older checkpoint re-pushed alone is a no-op.
      expect(cborOf(await pushTo(app, m.logId, 3, [], cp1))).toMatchObject({ status: 'unchanged', size: 5 });
    });

    it('refuses a push that starts past the stored size, or a new log not from its genesis (HUB_GAP)', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp1 = await m.writer.checkpoint();
      expect(codeOf(await pushTo(app, m.logId, 1, m.appended, cp1))).toEqual([409, 'HUB_GAP']);
      await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp1);
      sale(m, 2); sale(m, 3);
      const cp3 = await m.writer.checkpoint();
      expect(codeOf(await pushTo(app, m.logId, 3, m.appended.slice(2), cp3))).toEqual([409, 'HUB_GAP']);
    });

    it('a different record at a stored position under a valid checkpoint is a fork: 409, evidence kept and served, nothing changed', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const fork = LogWriter.resume(nodeSigner(m.secret), m.writer.state(), { crypto: nodeCrypto, clock: () => 1_764_115_900_000 });
      sale(m, 2);
      const cpA = await m.writer.checkpoint();
      const a = [m.writer.genesis, ...m.appended];
      expect((await pushTo(app, m.logId, 0, a, cpA)).statusCode).toBe(200);
      const other = fork.append({ kind: 'food.sale', body: { lot: 'W-A1-1', quantity: { value: '9', unit: 'KGM' }, traceCode: 'FORKED' } }).bytes;
      const cpB = await fork.checkpoint();
      const res = await pushTo(app, m.logId, 2, [other], cpB);
      expect(codeOf(res)).toEqual([409, 'HUB_FORK']);
      expect(JSON.parse(res.body).seq).toBe(2);
      // The stored history is untouched.
      expect((await store.log(m.logId))!.size).toBe(3);
      expect(plain(await store.records(m.logId, 2, 3))).toEqual(plain([a[2]]));
      expect(await store.traceCode('FORKED')).toEqual([]);
      // The evidence: both signed checkpoints, both records, each with its inclusion proof.
      const ev = cborOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/evidence`, headers: regulator })).evidence as Uint8Array[];
      expect(ev).toHaveLength(1);
      const e = decode(ev[0]!) as CborMap;
      expect(e.seq).toBe(2);
      for (const [side, record] of [['stored', a[2]!], ['pushed', other]] as const) {
        const s = e[side] as CborMap;
        const cp = decodeCheckpoint(s.checkpoint as Uint8Array);
        expect(s.record).toEqual(record);
        verifyInclusion(nodeCrypto, 2, cp.size, nodeCrypto.leafHash(record), s.proof as Uint8Array[], cp.root);
      }
      // A checkpoint alone that signs another root at a stored size is a fork too.
      expect(codeOf(await pushTo(app, m.logId, 3, [], cpB))).toEqual([409, 'HUB_FORK']);
      expect((cborOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/evidence`, headers: regulator })).evidence as Uint8Array[])).toHaveLength(2);
    });

    it('refuses records the checkpoint does not cover, and never serves them', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp = await m.writer.checkpoint();
      sale(m, 2);
      const res = await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp);
      expect(codeOf(res)).toEqual([422, 'HUB_UNCOVERED']);
      expect(await store.log(m.logId)).toBeUndefined();
      expect(codeOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/checkpoint` }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
      expect(codeOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/records/0/3`, headers: regulator }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
      // A checkpoint past the records sent is refused as well.
      const cp3 = await m.writer.checkpoint();
      expect(codeOf(await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended.slice(0, 1)], cp3))).toEqual([422, 'HUB_CHECKPOINT_BEYOND']);
    });

    it('refuses a checkpoint another key signed, or whose root is not the records\'', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp = await m.writer.checkpoint();
      const records = [m.writer.genesis, ...m.appended];
      const forged = { ...cp, signature: new Uint8Array(64).fill(1) };
      expect(codeOf(await pushTo(app, m.logId, 0, records, forged))).toEqual([422, 'CHECKPOINT_SIGNATURE']);
      const wrongRoot = await (await import('@suyuan/core')).signCheckpoint(nodeSigner(m.secret), { ...cp, root: new Uint8Array(32).fill(7) });
      expect(codeOf(await pushTo(app, m.logId, 0, records, wrongRoot))).toEqual([422, 'CHECKPOINT_ROOT_MISMATCH']);
      expect(await store.log(m.logId)).toBeUndefined();
    });

    it('checks the chain of new records: canonical bytes, seq, prev, log id', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1); sale(m, 2);
      const cp = await m.writer.checkpoint();
      const [g, r1, r2] = [m.writer.genesis, m.appended[0]!, m.appended[1]!];
      // Swapped records: seq breaks (the checkpoint is checked after the chain).
      expect(codeOf(await pushTo(app, m.logId, 0, [g, r2, r1], cp))).toEqual([422, 'CHAIN_SEQ']);
      // A record of another log.
      const other = new Business(USCC.market2, '别的市场');
      other.add('food.sale', { lot: 'X', traceCode: 'O-1' });
      expect(codeOf(await pushTo(app, m.logId, 0, [g, other.appended[0]!, r2], cp))).toEqual([422, 'CHAIN_LOG_ID']);
      // Non-canonical bytes: a map key order flipped inside the body.
      const bad = Uint8Array.from(r1);
      bad[bad.length - 1] = 0xff;
      const [status, code] = codeOf(await pushTo(app, m.logId, 0, [g, bad, r2], cp));
      expect(status).toBe(422);
      expect(code).toMatch(/^(CBOR_|RECORD_)/);
      expect(await store.log(m.logId)).toBeUndefined();
    });

    for (const [label, o, code] of [
      ['revoked', { revoke: 'market1' }, 'POLICY_REVOKED'],
      ['given another role', { wrongRole: ['market1', 'farm'] as [string, string] }, 'POLICY_ROLE'],
      ['not enrolled', { skipEnrolment: 'market1' }, 'POLICY_NOT_ENROLLED'],
    ] as const) {
      it(`refuses a log whose key is ${label} (${code})`, async () => {
        const w = await world(o);
        expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
        expect(codeOf(await pushLogVia(app, w.logs.market1!))).toEqual([403, code]);
        expect(await store.log(w.logs.market1!.logId)).toBeUndefined();
        expect((await pushLogVia(app, w.logs.market2!)).statusCode).toBe(200); // others are fine
      });
    }

    it('refuses every log while no authority log is on the hub', async () => {
      const w = await world();
      expect(codeOf(await pushLogVia(app, w.logs.farmA!))).toEqual([403, 'POLICY_NOT_ENROLLED']);
    });

    it('serves bundles that verifyBundle accepts: chosen logs (with the authority logs) and a trace code\'s excerpt', async () => {
      const w = await world();
      await pushLogVia(app, w.authority);
      for (const l of Object.values(w.logs)) expect((await pushLogVia(app, l)).statusCode).toBe(200);
      const ids = Object.values(w.logs).map((l) => `log=${hex(l.logId)}`).join('&');
      const all = await app.inject({ url: `/v1/bundle?${ids}`, headers: regulator });
      expect(all.statusCode).toBe(200);
      const report = await verifyBundle(new Uint8Array(all.rawPayload), { trust: [AUTHORITY_KEY] });
      expect(report.findings).toEqual([]);
      expect(report.verdict).toBe('valid');
      expect(report.logs).toHaveLength(8);

      const trace = await app.inject({ url: '/v1/trace/M2-1' }); // public
      expect(trace.statusCode).toBe(200);
      const tr = await verifyBundle(new Uint8Array(trace.rawPayload), { trust: [AUTHORITY_KEY] });
      expect(tr.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(tr.verdict).not.toBe('invalid');
      // Farm A and farm B are both upstream of market 2's pallet.
      const traced = new Set(tr.logs.map((l) => l.logId));
      for (const n of ['farmA', 'farmB', 'processor', 'market2']) expect(traced.has(hex(w.logs[n]!.logId))).toBe(true);
      expect(traced.has(hex(w.logs.restaurant!.logId))).toBe(false);
      expect(codeOf(await app.inject({ url: '/v1/trace/NO-SUCH-CODE' }))).toEqual([404, 'HUB_NOT_FOUND']);
    });

    it('answers cross-business queries exactly as @suyuan/food does on the same chain', async () => {
      const w = await world();
      await pushLogVia(app, w.authority);
      // Pushed downstream first, so the answer cannot depend on the order logs arrived in.
      for (const l of Object.values(w.logs).reverse()) expect((await pushLogVia(app, l)).statusCode).toBe(200);
      const q = new LotQueries(LotGraph.build(w.scenario.logs));
      const same = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
      const get = async (url: string) => {
        const res = await app.inject({ url, headers: regulator });
        expect([url, res.statusCode]).toEqual([url, 200]);
        return JSON.parse(res.body) as unknown;
      };
      const farmA = hex(w.logs.farmA!.logId);
      const market2 = hex(w.logs.market2!.logId);
      expect(await get('/v1/query/trace-back?traceCode=M2-1')).toEqual(same(q.traceBack({ traceCode: 'M2-1' })));
      expect(await get(`/v1/query/trace-back?logId=${market2}&lot=P-MIX-1`)).toEqual(same(q.traceBack({ logId: market2, lot: 'P-MIX-1' })));
      expect(await get(`/v1/query/trace-forward?logId=${farmA}&lot=QK-A1`)).toEqual(same(q.traceForward({ logId: farmA, lot: 'QK-A1' })));
      expect(await get(`/v1/query/recall?logId=${farmA}&lot=QK-A1`)).toEqual(same(q.recall([{ logId: farmA, lot: 'QK-A1' }])));
      expect(await get(`/v1/query/mass-balance?logId=${farmA}&lot=QK-A1`)).toEqual(same(q.massBalance({ logId: farmA, lot: 'QK-A1' })));
      expect(await get(`/v1/query/one-step-back/${market2}`)).toEqual(same(q.oneStepBack(market2)));
      expect(await get(`/v1/query/one-step-forward/${farmA}`)).toEqual(same(q.oneStepForward(farmA)));
      const recall = await get(`/v1/query/recall?logId=${farmA}&lot=QK-A1`) as { businesses: unknown[] };
      expect(recall.businesses.length).toBeGreaterThan(2);
      expect(codeOf(await app.inject({ url: '/v1/query/trace-back?traceCode=M2-1' }))).toEqual([401, 'HUB_UNAUTHORIZED']);
      expect(codeOf(await app.inject({ url: `/v1/query/trace-back?traceCode=M2-1&logId=${farmA}`, headers: regulator }))).toEqual([400, 'HUB_BAD_REQUEST']);
      expect(codeOf(await app.inject({ url: '/v1/query/trace-back', headers: regulator }))).toEqual([400, 'HUB_BAD_REQUEST']);
    });

    it('keeps regulator reads behind the token; consumer lookups and pushes need none', async () => {
      const w = await world();
      await pushLogVia(app, w.authority);
      await pushLogVia(app, w.logs.market1!);
      const id = hex(w.logs.market1!.logId);
      for (const url of ['/v1/logs', `/v1/logs/${id}/records/0/1`, `/v1/logs/${id}/checkpoints`, `/v1/logs/${id}/proof/inclusion/0/1`, `/v1/logs/${id}/evidence`, `/v1/bundle?log=${id}`]) {
        expect(codeOf(await app.inject({ url }))).toEqual([401, 'HUB_UNAUTHORIZED']);
        expect(codeOf(await app.inject({ url, headers: { authorization: `Bearer ${TOKEN}x` } }))).toEqual([401, 'HUB_UNAUTHORIZED']);
        expect(codeOf(await app.inject({ url, headers: { authorization: TOKEN } }))).toEqual([401, 'HUB_UNAUTHORIZED']);
        expect((await app.inject({ url, headers: regulator })).statusCode).toBe(200);
      }
      expect((await app.inject({ url: '/v1/trace/M1-0' })).statusCode).toBe(200);
      const list = JSON.parse((await app.inject({ url: '/v1/logs', headers: regulator })).body) as { logId: string; authority: boolean }[];
      expect(list.map((l) => l.authority).sort()).toEqual([false, true]);
    });

    it('answers bad requests with 4xx and a code, and stores nothing', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp = await m.writer.checkpoint();
      const url = `/v1/logs/${hex(m.logId)}/push`;
      const cases: [InjectOptions, number, string][] = [
        [{ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{}' }, 415, 'HUB_MEDIA_TYPE'],
        [{ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'x' }, 415, 'HUB_MEDIA_TYPE'],
        [{ method: 'POST', url, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from([0xa1]) }, 400, 'CBOR_TRUNCATED'],
        [{ method: 'POST', url, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from(encode([1, 2])) }, 400, 'HUB_BAD_REQUEST'],
        [{ method: 'POST', url, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from(encode({ checkpoint: encodeCheckpoint(cp), from: -1, records: [] })) }, 400, 'HUB_BAD_REQUEST'],
        [{ method: 'POST', url, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from(encode({ checkpoint: new Uint8Array(3), from: 0, records: [] })) }, 400, 'CBOR_TRAILING_BYTES'],
        [{ method: 'POST', url: '/v1/logs/XYZ/push', headers: { 'content-type': 'application/cbor' }, payload: Buffer.from([0xa0]) }, 400, 'HUB_BAD_REQUEST'],
        [{ method: 'POST', url: `/v1/logs/${hex(m.logId)}/../../healthz`, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from([0xa0]) }, 404, 'HUB_NOT_FOUND'],
        [{ url: `/v1/logs/${hex(m.logId)}/records/0/99999999999999999999`, headers: regulator }, 400, 'HUB_BAD_REQUEST'],
      ];
      for (const [req, status, code] of cases) expect([req.url, ...codeOf(await app.inject(req))]).toEqual([req.url, status, code]);
      const recordsOfAnother = { checkpoint: encodeCheckpoint({ ...cp }), from: 0, records: [m.writer.genesis, ...m.appended] };
      expect(codeOf(await app.inject({ method: 'POST', url: `/v1/logs/${'0'.repeat(64)}/push`, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from(encode(recordsOfAnother)) }))).toEqual([400, 'CHECKPOINT_LOG_ID']);
      expect(await store.log(m.logId)).toBeUndefined();
    });

    it('enforces the limits on body size and records per push', async () => {
      const small = await hubApp(store, { recordsPerPush: 2, bodyBytes: 4096 });
      try {
        const { m } = await enrolledMarket();
        sale(m, 1); sale(m, 2);
        const cp = await m.writer.checkpoint();
        expect(codeOf(await pushTo(small, m.logId, 0, [m.writer.genesis, ...m.appended], cp))).toEqual([413, 'HUB_TOO_MANY_RECORDS']);
        const big = Buffer.alloc(5000, 0x41);
        expect(codeOf(await small.inject({ method: 'POST', url: `/v1/logs/${hex(m.logId)}/push`, headers: { 'content-type': 'application/cbor' }, payload: big }))).toEqual([413, 'HUB_TOO_LARGE']);
      } finally {
        await small.close();
      }
    });

    it('serves reads only within what is stored', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], await m.writer.checkpoint());
      const id = hex(m.logId);
      for (const url of [`/v1/logs/${id}/records/0/3`, `/v1/logs/${id}/records/1/1`, `/v1/logs/${id}/proof/inclusion/2/2`, `/v1/logs/${id}/proof/inclusion/0/3`, `/v1/logs/${id}/proof/consistency/1/3`]) {
        expect([url, ...codeOf(await app.inject({ url, headers: regulator }))]).toEqual([url, 416, 'HUB_RANGE']);
      }
      expect(codeOf(await app.inject({ url: `/v1/logs/${'ab'.repeat(32)}/checkpoint` }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
    });

    it('concurrent pushes of one log store one history', async () => {
      const { m } = await enrolledMarket();
      const fork = LogWriter.resume(nodeSigner(m.secret), m.writer.state(), { crypto: nodeCrypto, clock: () => 1_764_115_900_000 });
      sale(m, 1);
      const cpA = await m.writer.checkpoint();
      const other = fork.append({ kind: 'food.sale', body: { lot: 'W-A1-1', traceCode: 'RACE-B' } }).bytes;
      const cpB = await fork.checkpoint();
      const results = await Promise.all([
        pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cpA),
        pushTo(app, m.logId, 0, [m.writer.genesis, other], cpB),
        pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cpA),
      ]);
      const statuses = results.map((r) => r.statusCode);
      const stored = await store.records(m.logId, 0, 2);
      if (Buffer.from(stored[1]!).equals(Buffer.from(other))) expect(statuses).toEqual([409, 200, 409]);
      else expect(statuses).toEqual([200, 409, 200]);
      expect((await store.log(m.logId))!.size).toBe(2);
    });

    it('keeps everything across a reopen of the backend', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp = await m.writer.checkpoint();
      await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp);
      const before = { log: await store.log(m.logId), cps: (await store.checkpoints(m.logId)).map(encodeCheckpoint), cs: (await store.cosignatures(m.logId)).map(encodeCosignature) };
      const tc = (decode(m.appended[0]!) as unknown[])[6] as CborMap;
      await app.close();
      await store.close();
      store = await b.open();
      app = await hubApp(store);
      expect(plain(await store.log(m.logId))).toEqual(plain(before.log));
      expect((await store.checkpoints(m.logId)).map(encodeCheckpoint)).toEqual(before.cps);
      expect((await store.cosignatures(m.logId)).map(encodeCosignature)).toEqual(before.cs);
      expect(plain(await store.traceCode(tc.traceCode as string))).toEqual(plain([{ logId: m.logId, seq: 1 }]));
      sale(m, 2);
      expect(cborOf(await pushTo(app, m.logId, 2, m.appended.slice(1), await m.writer.checkpoint()))).toMatchObject({ status: 'stored', size: 3 });
    });

    it('the store itself refuses an append that does not continue what it holds (HUB_CONFLICT), and a second root at a size (HUB_FORK)', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1);
      const cp1 = await m.writer.checkpoint();
      await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp1);
      const log = (await store.log(m.logId))!;
      sale(m, 2);
      const cp2 = await m.writer.checkpoint();
      const r = m.appended[1]!;
      const batch = {
        logId: m.logId, from: 2, records: [r], leafHashes: [nodeCrypto.leafHash(r)], prev: log.lastLeaf, checkpoint: cp2,
        frontier: log.frontier, lastTime: log.lastTime, traceCodes: [],
      };
      await expectCode(store.append({ ...batch, from: 1 }), 'HUB_CONFLICT');
      await expectCode(store.append({ ...batch, from: 3 }), 'HUB_CONFLICT');
      await expectCode(store.append({ ...batch, prev: new Uint8Array(32) }), 'HUB_CONFLICT');
      await expectCode(store.putCheckpoint({ ...cp1, root: new Uint8Array(32).fill(9) }), 'HUB_FORK');
      expect((await store.log(m.logId))!.size).toBe(2);
      await store.append(batch);
      expect((await store.log(m.logId))!.size).toBe(3);
      await expectCode(store.append(batch), 'HUB_CONFLICT');
      await expectCode(store.records(m.logId, 0, 4), 'HUB_RANGE');
      await expectCode(store.records(new Uint8Array(32), 0, 1), 'HUB_UNKNOWN_LOG');
    });

    it('thousands of malformed and hostile requests get 4xx, never a 5xx, and change nothing stored', async () => {
      const { m } = await enrolledMarket();
      sale(m, 1); sale(m, 2);
      const cp = await m.writer.checkpoint();
      const records = [m.writer.genesis, ...m.appended];
      expect((await pushTo(app, m.logId, 0, records, cp)).statusCode).toBe(200);
      await fuzzHub(app, store, { logId: m.logId, records, checkpoint: cp }, 2000);
    });

    it('checks an sm2-sm3 log with SM3 and SM2, and cosigns it with the hub\'s SM2 key (none without one)', async () => {
      const smAuthority = sm2Signer(new Uint8Array(32).fill(7));
      const smWitness = sm2Signer(new Uint8Array(32).fill(8));
      const sm = suiteCrypto('sm2-sm3', nodeCrypto);
      const a = LogWriter.create(smAuthority, { enterprise: '12350000MB0000000K', meta: { name: '市场监督管理局' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
      const m = marketBusiness();
      const records = [a.genesis, a.append({ kind: ENROL_KIND, body: { key: nodeSigner(m.secret).publicKey, enterprise: m.enterprise, name: m.name, roles: ['market'], validFrom: 1_700_000_000_000 } }).bytes];
      const cp = await a.checkpoint();
      const smApp = await createHubApp({ store, trust: [AUTHORITY_KEY, smAuthority.publicKey], witness: [nodeSigner(HUB_SECRET), smWitness], regulatorTokens: [TOKEN] });
      try {
        const res = await pushTo(smApp, a.logId, 0, records, cp);
        expect(res.statusCode).toBe(200);
        const cs = decodeCosignature(cborOf(res).cosignature as Uint8Array);
        expect(cs.witness).toEqual(smWitness.publicKey);
        expect(verifyCosignatureSignature(sm, cs)).toBe(true);
        const inc = cborOf(await smApp.inject({ url: `/v1/logs/${hex(a.logId)}/proof/inclusion/1/2`, headers: regulator }));
        verifyInclusion(sm, 1, 2, sm.leafHash(records[1]!), inc.proof as Uint8Array[], cp.root);
        expect(codeOf(await pushTo(smApp, a.logId, 0, records, { ...cp, signature: Uint8Array.from(cp.signature).fill(3, 0, 8) }))).toEqual([422, 'CHECKPOINT_SIGNATURE']);
        // An Ed25519 business enrolled by the SM authority is judged by it.
        sale(m, 1);
        expect((await pushTo(smApp, m.logId, 0, [m.writer.genesis, ...m.appended], await m.writer.checkpoint())).statusCode).toBe(200);
      } finally {
        await smApp.close();
      }
      // A hub with only an Ed25519 key stores the SM log's checkpoints but cannot cosign them.
      const again = cborOf(await pushTo(app, a.logId, 0, records, cp));
      expect(again.status).toBe('unchanged');
      expect(again.cosignature).toBeUndefined();
    });

    it('reports health and readiness', async () => {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect(JSON.parse((await app.inject({ url: '/readyz' })).body)).toMatchObject({ ok: true, store: store.kind });
    });
  });
}

export function codeOf(res: { statusCode: number; body: string }): [number, string] {
  let code = '?';
  try {
    code = (JSON.parse(res.body) as { code: string }).code;
  } catch {
    // not JSON
  }
  return [res.statusCode, code];
}

/** Byte strings as hex, so Buffers and Uint8Arrays compare equal. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function expectCode(p: Promise<unknown>, code: AnyCode): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(isHubError(e) ? e.code : e).toBe(code);
    return;
  }
  expect.fail(`expected ${code}, nothing was thrown`);
}
