import { expect, it } from 'vitest';
import {
  LogWriter, decode, decodeCheckpoint, decodeCosignature, verifyConsistency, verifyCosignatureSignature, verifyInclusion, type CborMap,
} from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import {
  HUB_KEY, USCC, Business, cborOf, hex, pushLogVia, pushTo, regulator, sale, world,
} from './fixture.js';
import { codeOf, plain, type HubUnderTest } from './conformance-context.js';

/** Push: storing, re-pushing, resuming, forks, coverage, chain and policy refusals. */
export function pushConformance(h: HubUnderTest): void {
  it('stores a pushed log, cosigns its checkpoint with the hub key, and serves the checkpoint publicly', async () => {
    const w = await world();
    expect((await pushLogVia(h.app, w.authority)).statusCode).toBe(200);
    const res = await pushLogVia(h.app, w.logs.market1!);
    expect(res.statusCode).toBe(200);
    const body = cborOf(res);
    expect(body.status).toBe('stored');
    expect(body.size).toBe(w.logs.market1!.records.length);
    const cs = decodeCosignature(body.cosignature as Uint8Array);
    expect(cs.witness).toEqual(HUB_KEY);
    expect(verifyCosignatureSignature(nodeCrypto, cs)).toBe(true);
    const got = await h.app.inject({ url: `/v1/logs/${hex(w.logs.market1!.logId)}/checkpoint` });
    expect(got.statusCode).toBe(200);
    const head = cborOf(got);
    expect(decodeCheckpoint(head.checkpoint as Uint8Array)).toEqual(w.logs.market1!.checkpoint);
    expect((head.cosignatures as Uint8Array[]).map(decodeCosignature).map((c) => hex(c.witness))).toEqual([hex(HUB_KEY)]);
  });


  it('a re-push of what is stored succeeds and changes nothing', async () => {
    const w = await world();
    await pushLogVia(h.app, w.authority);
    await pushLogVia(h.app, w.logs.farmA!);
    const before = { cps: await h.store.checkpoints(w.logs.farmA!.logId), cs: await h.store.cosignatures(w.logs.farmA!.logId), log: await h.store.log(w.logs.farmA!.logId) };
    const again = await pushLogVia(h.app, w.logs.farmA!);
    expect(again.statusCode).toBe(200);
    expect(cborOf(again)).toMatchObject({ status: 'unchanged', appended: 0, size: w.logs.farmA!.records.length });
    expect(plain(await h.store.checkpoints(w.logs.farmA!.logId))).toEqual(plain(before.cps));
    expect(plain(await h.store.cosignatures(w.logs.farmA!.logId))).toEqual(plain(before.cs));
    expect(plain(await h.store.log(w.logs.farmA!.logId))).toEqual(plain(before.log));
  });


  it('resumes: a log pushed in parts, each with its checkpoint; an overlapping re-send is accepted', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1); sale(m, 2);
    const cp1 = await m.writer.checkpoint();
    const first = [m.writer.genesis, ...m.appended];
    expect((await pushTo(h.app, m.logId, 0, first, cp1)).statusCode).toBe(200);
    sale(m, 3); sale(m, 4);
    const cp2 = await m.writer.checkpoint();
    const all = [m.writer.genesis, ...m.appended];
    const res = await pushTo(h.app, m.logId, 1, all.slice(1), cp2); // overlaps [1, 3)
    expect(res.statusCode).toBe(200);
    expect(cborOf(res)).toMatchObject({ status: 'stored', appended: 2, size: 5 });
    const recs = await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/records/0/5`, headers: regulator });
    expect(recs.statusCode).toBe(200);
    expect(recs.headers['cache-control']).toContain('immutable');
    expect(Buffer.from(recs.rawPayload).equals(Buffer.concat(all))).toBe(true);
    // Proofs verify against the author's checkpoints.
    const inc = cborOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/proof/inclusion/3/5`, headers: regulator }));
    verifyInclusion(nodeCrypto, 3, 5, nodeCrypto.leafHash(all[3]!), inc.proof as Uint8Array[], cp2.root);
    const con = cborOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/proof/consistency/3/5`, headers: regulator }));
    verifyConsistency(nodeCrypto, 3, 5, cp1.root, cp2.root, con.proof as Uint8Array[]);
    // An older checkpoint re-pushed alone is a no-op.
    expect(cborOf(await pushTo(h.app, m.logId, 3, [], cp1))).toMatchObject({ status: 'unchanged', size: 5 });
  });


  it('refuses a push that starts past the stored size, or a new log not from its genesis (HUB_GAP)', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const cp1 = await m.writer.checkpoint();
    expect(codeOf(await pushTo(h.app, m.logId, 1, m.appended, cp1))).toEqual([409, 'HUB_GAP']);
    await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cp1);
    sale(m, 2); sale(m, 3);
    const cp3 = await m.writer.checkpoint();
    expect(codeOf(await pushTo(h.app, m.logId, 3, m.appended.slice(2), cp3))).toEqual([409, 'HUB_GAP']);
  });


  it('a different record at a stored position under a valid checkpoint is a fork: 409, evidence kept and served, nothing changed', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const fork = LogWriter.resume(nodeSigner(m.secret), m.writer.state(), { crypto: nodeCrypto, clock: () => 1_764_115_900_000 });
    sale(m, 2);
    const cpA = await m.writer.checkpoint();
    const a = [m.writer.genesis, ...m.appended];
    expect((await pushTo(h.app, m.logId, 0, a, cpA)).statusCode).toBe(200);
    const other = fork.append({ kind: 'food.sale', body: { lot: 'W-A1-1', quantity: { value: '9', unit: 'KGM' }, traceCode: 'FORKED' } }).bytes;
    const cpB = await fork.checkpoint();
    const res = await pushTo(h.app, m.logId, 2, [other], cpB);
    expect(codeOf(res)).toEqual([409, 'HUB_FORK']);
    expect(JSON.parse(res.body).seq).toBe(2);
    // The stored history is untouched.
    expect((await h.store.log(m.logId))!.size).toBe(3);
    expect(plain(await h.store.records(m.logId, 2, 3))).toEqual(plain([a[2]]));
    expect(await h.store.traceCode('FORKED')).toEqual([]);
    // The evidence: both signed checkpoints, both records, each with its inclusion proof.
    const ev = cborOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/evidence`, headers: regulator })).evidence as Uint8Array[];
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
    expect(codeOf(await pushTo(h.app, m.logId, 3, [], cpB))).toEqual([409, 'HUB_FORK']);
    expect((cborOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/evidence`, headers: regulator })).evidence as Uint8Array[])).toHaveLength(2);
  });


  it('refuses records the checkpoint does not cover, and never serves them', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const cp = await m.writer.checkpoint();
    sale(m, 2);
    const res = await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], cp);
    expect(codeOf(res)).toEqual([422, 'HUB_UNCOVERED']);
    expect(await h.store.log(m.logId)).toBeUndefined();
    expect(codeOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/checkpoint` }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
    expect(codeOf(await h.app.inject({ url: `/v1/logs/${hex(m.logId)}/records/0/3`, headers: regulator }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
    // A checkpoint past the records sent is refused as well.
    const cp3 = await m.writer.checkpoint();
    expect(codeOf(await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended.slice(0, 1)], cp3))).toEqual([422, 'HUB_CHECKPOINT_BEYOND']);
  });


  it('refuses a checkpoint another key signed, or whose root is not the records\'', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    const cp = await m.writer.checkpoint();
    const records = [m.writer.genesis, ...m.appended];
    const forged = { ...cp, signature: new Uint8Array(64).fill(1) };
    expect(codeOf(await pushTo(h.app, m.logId, 0, records, forged))).toEqual([422, 'CHECKPOINT_SIGNATURE']);
    const wrongRoot = await (await import('@suyuan/core')).signCheckpoint(nodeSigner(m.secret), { ...cp, root: new Uint8Array(32).fill(7) });
    expect(codeOf(await pushTo(h.app, m.logId, 0, records, wrongRoot))).toEqual([422, 'CHECKPOINT_ROOT_MISMATCH']);
    expect(await h.store.log(m.logId)).toBeUndefined();
  });


  it('checks the chain of new records: canonical bytes, seq, prev, log id', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1); sale(m, 2);
    const cp = await m.writer.checkpoint();
    const [g, r1, r2] = [m.writer.genesis, m.appended[0]!, m.appended[1]!];
    // Swapped records: seq breaks (the checkpoint is checked after the chain).
    expect(codeOf(await pushTo(h.app, m.logId, 0, [g, r2, r1], cp))).toEqual([422, 'CHAIN_SEQ']);
    // A record of another log.
    const other = new Business(USCC.market2, '别的市场');
    other.add('food.sale', { lot: 'X', traceCode: 'O-1' });
    expect(codeOf(await pushTo(h.app, m.logId, 0, [g, other.appended[0]!, r2], cp))).toEqual([422, 'CHAIN_LOG_ID']);
    // Non-canonical bytes: a map key order flipped inside the body.
    const bad = Uint8Array.from(r1);
    bad[bad.length - 1] = 0xff;
    const [status, code] = codeOf(await pushTo(h.app, m.logId, 0, [g, bad, r2], cp));
    expect(status).toBe(422);
    expect(code).toMatch(/^(CBOR_|RECORD_)/);
    expect(await h.store.log(m.logId)).toBeUndefined();
  });


  for (const [label, o, code] of [
    ['revoked', { revoke: 'market1' }, 'POLICY_REVOKED'],
    ['given another role', { wrongRole: ['market1', 'farm'] as [string, string] }, 'POLICY_ROLE'],
    ['not enrolled', { skipEnrolment: 'market1' }, 'POLICY_NOT_ENROLLED'],
  ] as const) {
    it(`refuses a log whose key is ${label} (${code})`, async () => {
      const w = await world(o);
      expect((await pushLogVia(h.app, w.authority)).statusCode).toBe(200);
      expect(codeOf(await pushLogVia(h.app, w.logs.market1!))).toEqual([403, code]);
      expect(await h.store.log(w.logs.market1!.logId)).toBeUndefined();
      expect((await pushLogVia(h.app, w.logs.market2!)).statusCode).toBe(200); // others are fine
    });
  }


  it('refuses every log while no authority log is on the hub', async () => {
    const w = await world();
    expect(codeOf(await pushLogVia(h.app, w.logs.farmA!))).toEqual([403, 'POLICY_NOT_ENROLLED']);
  });

}
