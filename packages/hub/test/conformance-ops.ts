import { expect, it } from 'vitest';
import {
  LogWriter, decode, sm2Signer, suiteCrypto, decodeCosignature, encode, encodeCheckpoint, encodeCosignature, verifyCosignatureSignature, verifyInclusion, type CborMap,
} from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { ENROL_KIND } from '@suyuan/verify';
import { createHubApp } from '../src/index.js';
import { fuzzHub } from './fuzz.js';
import type { InjectOptions } from 'fastify';
import {
  AUTHORITY_KEY, HUB_SECRET, TOKEN, cborOf, hex, hubApp, marketBusiness, pushTo, regulator, sale,
} from './fixture.js';
import { codeOf, plain, expectCode, type HubUnderTest } from './conformance-context.js';

/** Hostile input, limits, races, reopening, the store's own guards, SM suites, health. */
export function opsConformance(h: HubUnderTest): void {
  it('answers bad requests with 4xx and a code, and stores nothing', async () => {
    const { m } = await h.enrolledMarket();
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
    for (const [req, status, code] of cases) expect([req.url, ...codeOf(await h.app.inject(req))]).toEqual([req.url, status, code]);
    const recordsOfAnother = { checkpoint: encodeCheckpoint({ ...cp }), from: 0, records: [m.writer.genesis, ...m.appended] };
    expect(codeOf(await h.app.inject({ method: 'POST', url: `/v1/logs/${'0'.repeat(64)}/push`, headers: { 'content-type': 'application/cbor' }, payload: Buffer.from(encode(recordsOfAnother)) }))).toEqual([400, 'CHECKPOINT_LOG_ID']);
    expect(await h.store.log(m.logId)).toBeUndefined();
  });


  it('enforces the limits on body size and records per push', async () => {
    const small = await hubApp(h.store, { recordsPerPush: 2, bodyBytes: 4096 });
    try {
      const { m } = await h.enrolledMarket();
      sale(m, 1); sale(m, 2);
      const cp = await m.writer.checkpoint();
      expect(codeOf(await pushTo(small, m.logId, 0, [m.writer.genesis, ...m.appended], cp))).toEqual([413, 'HUB_TOO_MANY_RECORDS']);
      const big = Buffer.alloc(5000, 0x41);
      expect(codeOf(await small.inject({ method: 'POST', url: `/v1/logs/${hex(m.logId)}/push`, headers: { 'content-type': 'application/cbor' }, payload: big }))).toEqual([413, 'HUB_TOO_LARGE']);
    } finally {
      await small.close();
    }
  });


  it('concurrent pushes of one log store one history', async () => {
    const { m } = await h.enrolledMarket();
    const fork = LogWriter.resume(nodeSigner(m.secret), m.writer.state(), { crypto: nodeCrypto, clock: () => 1_764_115_900_000 });
    sale(m, 1);
    const cpA = await m.writer.checkpoint();
    const other = fork.append({ kind: 'food.sale', body: { lot: 'W-A1-1', traceCode: 'RACE-B' } }).bytes;
    const cpB = await fork.checkpoint();
    const results = await Promise.all([
      pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cpA),
      pushTo(h.app, m.logId, 0, [m.writer.genesis, other], cpB),
      pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cpA),
    ]);
    const statuses = results.map((r) => r.statusCode);
    const stored = await h.store.records(m.logId, 0, 2);
    if (Buffer.from(stored[1]!).equals(Buffer.from(other))) expect(statuses).toEqual([409, 200, 409]);
    else expect(statuses).toEqual([200, 409, 200]);
    expect((await h.store.log(m.logId))!.size).toBe(2);
  });


  it('keeps everything across a reopen of the backend', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const cp = await m.writer.checkpoint();
    await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cp);
    const before = { log: await h.store.log(m.logId), cps: (await h.store.checkpoints(m.logId)).map(encodeCheckpoint), cs: (await h.store.cosignatures(m.logId)).map(encodeCosignature) };
    const tc = (decode(m.appended[0]!) as unknown[])[6] as CborMap;
    await h.app.close();
    await h.store.close();
    h.store = await h.backend.open();
    h.app = await hubApp(h.store);
    expect(plain(await h.store.log(m.logId))).toEqual(plain(before.log));
    expect((await h.store.checkpoints(m.logId)).map(encodeCheckpoint)).toEqual(before.cps);
    expect((await h.store.cosignatures(m.logId)).map(encodeCosignature)).toEqual(before.cs);
    expect(plain(await h.store.traceCode(tc.traceCode as string))).toEqual(plain([{ logId: m.logId, seq: 1 }]));
    sale(m, 2);
    expect(cborOf(await pushTo(h.app, m.logId, 2, m.appended.slice(1), await m.writer.checkpoint()))).toMatchObject({ status: 'stored', size: 3 });
  });


  it('the store itself refuses an append that does not continue what it holds (HUB_CONFLICT), and a second root at a size (HUB_FORK)', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const cp1 = await m.writer.checkpoint();
    await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cp1);
    const log = (await h.store.log(m.logId))!;
    sale(m, 2);
    const cp2 = await m.writer.checkpoint();
    const r = m.appended[1]!;
    const batch = {
      logId: m.logId, from: 2, records: [r], leafHashes: [nodeCrypto.leafHash(r)], prev: log.lastLeaf, checkpoint: cp2,
      frontier: log.frontier, lastTime: log.lastTime, traceCodes: [],
    };
    await expectCode(h.store.append({ ...batch, from: 1 }), 'HUB_CONFLICT');
    await expectCode(h.store.append({ ...batch, from: 3 }), 'HUB_CONFLICT');
    await expectCode(h.store.append({ ...batch, prev: new Uint8Array(32) }), 'HUB_CONFLICT');
    await expectCode(h.store.putCheckpoint({ ...cp1, root: new Uint8Array(32).fill(9) }), 'HUB_FORK');
    expect((await h.store.log(m.logId))!.size).toBe(2);
    await h.store.append(batch);
    expect((await h.store.log(m.logId))!.size).toBe(3);
    await expectCode(h.store.append(batch), 'HUB_CONFLICT');
    await expectCode(h.store.records(m.logId, 0, 4), 'HUB_RANGE');
    await expectCode(h.store.records(new Uint8Array(32), 0, 1), 'HUB_UNKNOWN_LOG');
  });


  it('thousands of malformed and hostile requests get 4xx, never a 5xx, and change nothing stored', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1); sale(m, 2);
    const cp = await m.writer.checkpoint();
    const records = [m.writer.genesis, ...m.appended];
    expect((await pushTo(h.app, m.logId, 0, records, cp)).statusCode).toBe(200);
    await fuzzHub(h.app, h.store, { logId: m.logId, records, checkpoint: cp }, 2000);
  });


  it('checks an sm2-sm3 log with SM3 and SM2, and cosigns it with the hub\'s SM2 key (none without one)', async () => {
    const smAuthority = sm2Signer(new Uint8Array(32).fill(7));
    const smWitness = sm2Signer(new Uint8Array(32).fill(8));
    const sm = suiteCrypto('sm2-sm3', nodeCrypto);
    const a = LogWriter.create(smAuthority, { enterprise: '12350000MB0000000K', meta: { name: '市场监督管理局', role: 'authority' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
    const m = marketBusiness();
    const records = [a.genesis, a.append({ kind: ENROL_KIND, body: { key: nodeSigner(m.secret).publicKey, enterprise: m.enterprise, name: m.name, roles: ['market'], validFrom: 1_700_000_000_000 } }).bytes];
    const cp = await a.checkpoint();
    const smApp = await createHubApp({ store: h.store, trust: [AUTHORITY_KEY, smAuthority.publicKey], witness: [nodeSigner(HUB_SECRET), smWitness], regulatorTokens: [TOKEN] });
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
    const again = cborOf(await pushTo(h.app, a.logId, 0, records, cp));
    expect(again.status).toBe('unchanged');
    expect(again.cosignature).toBeUndefined();
  });


  it('reports health and readiness', async () => {
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(JSON.parse((await h.app.inject({ url: '/readyz' })).body)).toMatchObject({ ok: true, store: h.store.kind });
  });
}
