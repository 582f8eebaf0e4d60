import { expect, it } from 'vitest';
import { LotGraph, LotQueries } from '@suyuan/food';
import { verifyBundle } from '@suyuan/verify';
import {
  AUTHORITY_KEY, TOKEN, hex, pushLogVia, pushTo, regulator, sale, world,
} from './fixture.js';
import { codeOf, type HubUnderTest } from './conformance-context.js';

/** Reads, bundles, queries and who may see them. */
export function readConformance(h: HubUnderTest): void {
  it('serves bundles that verifyBundle accepts: chosen logs (with the authority logs) and a trace code\'s excerpt', async () => {
    const w = await world();
    await pushLogVia(h.app, w.authority);
    for (const l of Object.values(w.logs)) expect((await pushLogVia(h.app, l)).statusCode).toBe(200);
    const ids = Object.values(w.logs).map((l) => `log=${hex(l.logId)}`).join('&');
    const all = await h.app.inject({ url: `/v1/bundle?${ids}`, headers: regulator });
    expect(all.statusCode).toBe(200);
    const report = await verifyBundle(new Uint8Array(all.rawPayload), { trust: [AUTHORITY_KEY] });
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('valid');
    expect(report.logs).toHaveLength(8);

    const trace = await h.app.inject({ url: '/v1/trace/M2-1' }); // public
    expect(trace.statusCode).toBe(200);
    const tr = await verifyBundle(new Uint8Array(trace.rawPayload), { trust: [AUTHORITY_KEY] });
    expect(tr.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(tr.verdict).not.toBe('invalid');
    // Farm A and farm B are both upstream of market 2's pallet.
    const traced = new Set(tr.logs.map((l) => l.logId));
    for (const n of ['farmA', 'farmB', 'processor', 'market2']) expect(traced.has(hex(w.logs[n]!.logId))).toBe(true);
    expect(traced.has(hex(w.logs.restaurant!.logId))).toBe(false);
    expect(codeOf(await h.app.inject({ url: '/v1/trace/NO-SUCH-CODE' }))).toEqual([404, 'HUB_NOT_FOUND']);
  });


  it('answers cross-business queries exactly as @suyuan/food does on the same chain', async () => {
    const w = await world();
    await pushLogVia(h.app, w.authority);
    // Pushed downstream first, so the answer cannot depend on the order logs arrived in.
    for (const l of Object.values(w.logs).reverse()) expect((await pushLogVia(h.app, l)).statusCode).toBe(200);
    const q = new LotQueries(LotGraph.build(w.scenario.logs));
    const same = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const get = async (url: string) => {
      const res = await h.app.inject({ url, headers: regulator });
      expect([url, res.statusCode]).toEqual([url, 200]);
      return JSON.parse(res.body) as unknown;
    };
    const farmA = hex(w.logs.farmA!.logId);
    const market2 = hex(w.logs.market2!.logId);
    // The answers written by response schemas (query-replies.ts): the very bytes JSON.stringify writes, key order included.
    const bytes = async (url: string) => {
      const res = await h.app.inject({ url, headers: regulator });
      expect([url, res.statusCode]).toEqual([url, 200]);
      return res.body;
    };
    expect(await bytes('/v1/query/trace-back?traceCode=M2-1')).toBe(JSON.stringify(q.traceBack({ traceCode: 'M2-1' })));
    expect(await bytes(`/v1/query/trace-back?logId=${market2}&lot=P-MIX-1`)).toBe(JSON.stringify(q.traceBack({ logId: market2, lot: 'P-MIX-1' })));
    expect(await bytes(`/v1/query/trace-forward?logId=${farmA}&lot=QK-A1`)).toBe(JSON.stringify(q.traceForward({ logId: farmA, lot: 'QK-A1' })));
    expect(await bytes(`/v1/query/recall?logId=${farmA}&lot=QK-A1`)).toBe(JSON.stringify(q.recall([{ logId: farmA, lot: 'QK-A1' }])));
    expect(await get(`/v1/query/mass-balance?logId=${farmA}&lot=QK-A1`)).toEqual(same(q.massBalance({ logId: farmA, lot: 'QK-A1' })));
    expect(await get(`/v1/query/one-step-back/${market2}`)).toEqual(same(q.oneStepBack(market2)));
    expect(await get(`/v1/query/one-step-forward/${farmA}`)).toEqual(same(q.oneStepForward(farmA)));
    const recall = await get(`/v1/query/recall?logId=${farmA}&lot=QK-A1`) as { businesses: unknown[] };
    expect(recall.businesses.length).toBeGreaterThan(2);
    expect(codeOf(await h.app.inject({ url: '/v1/query/trace-back?traceCode=M2-1' }))).toEqual([401, 'HUB_UNAUTHORIZED']);
    expect(codeOf(await h.app.inject({ url: `/v1/query/trace-back?traceCode=M2-1&logId=${farmA}`, headers: regulator }))).toEqual([400, 'HUB_BAD_REQUEST']);
    expect(codeOf(await h.app.inject({ url: '/v1/query/trace-back', headers: regulator }))).toEqual([400, 'HUB_BAD_REQUEST']);
  });


  it('keeps regulator reads behind the token; consumer lookups and pushes need none', async () => {
    const w = await world();
    await pushLogVia(h.app, w.authority);
    await pushLogVia(h.app, w.logs.market1!);
    const id = hex(w.logs.market1!.logId);
    for (const url of ['/v1/logs', `/v1/logs/${id}/records/0/1`, `/v1/logs/${id}/checkpoints`, `/v1/logs/${id}/proof/inclusion/0/1`, `/v1/logs/${id}/evidence`, `/v1/bundle?log=${id}`]) {
      expect(codeOf(await h.app.inject({ url }))).toEqual([401, 'HUB_UNAUTHORIZED']);
      expect(codeOf(await h.app.inject({ url, headers: { authorization: `Bearer ${TOKEN}x` } }))).toEqual([401, 'HUB_UNAUTHORIZED']);
      expect(codeOf(await h.app.inject({ url, headers: { authorization: TOKEN } }))).toEqual([401, 'HUB_UNAUTHORIZED']);
      expect((await h.app.inject({ url, headers: regulator })).statusCode).toBe(200);
    }
    expect((await h.app.inject({ url: '/v1/trace/M1-0' })).statusCode).toBe(200);
    const list = JSON.parse((await h.app.inject({ url: '/v1/logs', headers: regulator })).body) as { logId: string; authority: boolean }[];
    expect(list.map((l) => l.authority).sort()).toEqual([false, true]);
  });


  it('serves reads only within what is stored', async () => {
    const { m } = await h.enrolledMarket();
    sale(m, 1);
    await pushTo(h.app, m.logId, 0, [m.writer.genesis, ...m.appended], await m.writer.checkpoint());
    const id = hex(m.logId);
    for (const url of [`/v1/logs/${id}/records/0/3`, `/v1/logs/${id}/records/1/1`, `/v1/logs/${id}/proof/inclusion/2/2`, `/v1/logs/${id}/proof/inclusion/0/3`, `/v1/logs/${id}/proof/consistency/1/3`]) {
      expect([url, ...codeOf(await h.app.inject({ url, headers: regulator }))]).toEqual([url, 416, 'HUB_RANGE']);
    }
    expect(codeOf(await h.app.inject({ url: `/v1/logs/${'ab'.repeat(32)}/checkpoint` }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
  });

}
