import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { LotGraph, LotQueries } from '@suyuan/food';
import { PgHubStore, type HubStore } from '../src/index.js';
import { hex, hubApp, pushLogVia, regulator, world } from './fixture.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from './pg-url.js';

const url = await testPgUrl();
const suite = url !== undefined || IN_CI ? describe : describe.skip;

/** The store, counting how often the stored logs are listed. */
function counting(inner: HubStore): { store: HubStore; listed: () => number } {
  let n = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'logs') n++;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store, listed: () => n };
}

suite(`the query index on PostgreSQL, two hub processes on one database${url === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here' : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('asks the database nothing while nothing was stored, and learns of another process\'s pushes from its notifications', async () => {
    expect(url, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    cleanups.push(() => dropSchema(url!, schema));
    const a = await PgHubStore.open({ url: url!, schema });
    const b = await PgHubStore.open({ url: url!, schema });
    const { store, listed } = counting(a);
    const appA: FastifyInstance = await hubApp(store);
    const appB: FastifyInstance = await hubApp(b);
    cleanups.push(async () => { await appA.close(); await appB.close(); await a.close(); await b.close(); });

    const w = await world();
    const { restaurant, ...rest } = w.logs;
    expect((await pushLogVia(appA, w.authority)).statusCode).toBe(200);
    for (const l of Object.values(rest)) expect((await pushLogVia(appA, l)).statusCode).toBe(200);
    const farmA = hex(w.logs.farmA!.logId);
    const recall = `/v1/query/recall?logId=${farmA}&lot=QK-A1`;
    const ask = async (u: string) => JSON.parse((await appA.inject({ url: u, headers: regulator })).body) as unknown;
    // Once the watch is live and the pushes' notifications are in, queries ask the database
    // nothing. Asked until then, however long a loaded machine takes (never quiet: the test's timeout).
    for (;;) {
      await ask(recall);
      const before = listed();
      await ask(recall);
      await ask(recall);
      if (listed() === before) break;
      await sleep(25);
    }

    // The restaurant's log arrives through the other process: process A hears of it and answers with it.
    expect((await pushLogVia(appB, restaurant!)).statusCode).toBe(200);
    const food = JSON.parse(JSON.stringify(new LotQueries(LotGraph.build(w.scenario.logs)).recall([{ logId: farmA, lot: 'QK-A1' }]))) as unknown;
    // Asked until the notification is in, however long a loaded machine takes (never: the test's timeout).
    let answer = await ask(recall);
    while (JSON.stringify(answer) !== JSON.stringify(food)) {
      await sleep(25);
      answer = await ask(recall);
    }
    expect(answer).toEqual(food);
  }, 60_000);
});
