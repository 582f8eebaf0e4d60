import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MerkleTree, signCheckpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotQueries } from '@suyuan/food';
import { EmbeddedHubStore, type HubStore } from '../src/index.js';
import { hex, hubApp, pushLogVia, pushTo, regulator, removeTempDirs, tempDir, world } from './fixture.js';

afterAll(removeTempDirs);

/** The store, counting the records it is asked for. */
function counting(inner: HubStore): { store: HubStore; read: () => number; listed: () => number } {
  let n = 0;
  let lists = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'logs') lists++;
      if (prop === 'records') {
        return async (id: Uint8Array, from: number, to: number) => {
          n += to - from;
          return target.records(id, from, to);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store, read: () => n, listed: () => lists };
}

describe('the query index is kept as records arrive', () => {
  let inner: EmbeddedHubStore;
  const apps: FastifyInstance[] = [];
  beforeEach(async () => { inner = await EmbeddedHubStore.open(tempDir('hub-index')); });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await inner.close();
  });

  it('reads no stored record per query: pushes hand their records over; only records another hub stored are read, once', async () => {
    const { store, read } = counting(inner);
    const app = await hubApp(store);
    const other = await hubApp(inner); // a second hub process on the same storage
    apps.push(app, other);
    const w = await world();
    expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
    const names = Object.keys(w.logs);
    const mine = names.filter((_, i) => i % 2 === 0);
    for (const n of mine) expect((await pushLogVia(app, w.logs[n]!)).statusCode).toBe(200);
    const q = async (url: string) => {
      const res = await app.inject({ url, headers: regulator });
      expect(res.statusCode).toBe(200);
      return JSON.parse(res.body) as unknown;
    };
    const before = read();
    const farmA = hex(w.logs.farmA!.logId);
    await q(`/v1/query/trace-forward?logId=${farmA}&lot=QK-A1`);
    await q(`/v1/query/recall?logId=${farmA}&lot=QK-A1`);
    expect(read() - before).toBe(0); // what this hub stored was handed over by its pushes

    // The other hub stores the rest: read from the store once, at the next query, and only those.
    for (const n of names.filter((x) => !mine.includes(x))) expect((await pushLogVia(other, w.logs[n]!)).statusCode).toBe(200);
    const theirs = names.filter((x) => !mine.includes(x)).reduce((s, n) => s + w.logs[n]!.records.length, 0);
    const mid = read();
    const same = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const food = new LotQueries(LotGraph.build(w.scenario.logs));
    expect(await q('/v1/query/trace-back?traceCode=M2-1')).toEqual(same(food.traceBack({ traceCode: 'M2-1' })));
    expect(read() - mid).toBe(theirs);
    expect(await q(`/v1/query/recall?logId=${farmA}&lot=QK-A1`)).toEqual(same(food.recall([{ logId: farmA, lot: 'QK-A1' }])));
    expect(read() - mid).toBe(theirs);
  });

  it('concurrent queries share refreshes: twenty at once list the stored logs at most twice, and agree', async () => {
    const { store, listed } = counting(inner);
    const app = await hubApp(store);
    apps.push(app);
    const w = await world();
    await pushLogVia(app, w.authority);
    for (const l of Object.values(w.logs)) await pushLogVia(app, l);
    const url = `/v1/query/recall?logId=${hex(w.logs.farmA!.logId)}&lot=QK-A1`;
    await app.inject({ url, headers: regulator });
    const before = listed();
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ url, headers: regulator })));
    expect(listed() - before).toBeLessThanOrEqual(2);
    expect(new Set(answers.map((a) => `${a.statusCode} ${a.body}`)).size).toBe(1);
  });

  it('a push is seen by the next query (no stale answers), and a re-push changes nothing', async () => {
    const app = await hubApp(inner);
    apps.push(app);
    const w = await world();
    await pushLogVia(app, w.authority);
    const { farmA, ...rest } = w.logs;
    for (const l of Object.values(rest)) await pushLogVia(app, l);
    const url = `/v1/query/trace-forward?logId=${hex(farmA!.logId)}&lot=QK-A1`;
    const empty = JSON.parse((await app.inject({ url, headers: regulator })).body) as { lots: unknown[] };
    // Farm A in two pushes: the genesis first, then the rest.
    expect((await pushTo(app, farmA!.logId, 0, farmA!.records.slice(0, 1), await checkpointAt(w, 'farmA', 1))).statusCode).toBe(200);
    expect((await pushLogVia(app, farmA!)).statusCode).toBe(200);
    expect((await pushLogVia(app, farmA!)).statusCode).toBe(200);
    const food = new LotQueries(LotGraph.build(w.scenario.logs));
    const now = JSON.parse((await app.inject({ url, headers: regulator })).body) as unknown;
    expect(now).toEqual(JSON.parse(JSON.stringify(food.traceForward({ logId: hex(farmA!.logId), lot: 'QK-A1' }))));
    expect(now).not.toEqual(empty);
  });
});

/** A checkpoint of a business's log at an earlier size, signed by its key. */
async function checkpointAt(w: Awaited<ReturnType<typeof world>>, name: keyof Awaited<ReturnType<typeof world>>['scenario']['businesses'], size: number) {
  const b = w.scenario.businesses[name]!;
  const tree = new MerkleTree(nodeCrypto);
  for (const r of [b.writer.genesis, ...b.appended].slice(0, size)) tree.append(nodeCrypto.leafHash(r));
  const last = await b.writer.checkpoint();
  return signCheckpoint(nodeSigner(b.secret), { ...last, size, root: tree.root() });
}
