import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LogWriter, decode, encodeCheckpoint, encode, type CborMap } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import pg from 'pg';
import { PgHubStore } from '../src/index.js';
import { MIGRATIONS } from '../src/store/pg-migrations.js';
import { startChildHub, type ChildHub } from './child.js';
import { codeOf } from './conformance.js';
import { hex, hubApp, marketBusiness, pushLogVia, pushTo, sale, world } from './fixture.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from './pg-url.js';

const url = await testPgUrl();
const suite = url !== undefined ? describe : IN_CI ? describe : describe.skip;

suite(`hub on PostgreSQL, operations${url === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here (run packages/hub/test/pg-start.sh)' : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('two hub processes on one database, pushes racing for one log: one history is stored', async () => {
    expect(url, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    cleanups.push(() => dropSchema(url!, schema));
    // Migrations first, from one process, so the two children start on a ready schema.
    await (await PgHubStore.open({ url: url!, schema })).close();
    const hubs: ChildHub[] = await Promise.all([startChildHub({ HUB_DB: url!, HUB_SCHEMA: schema }), startChildHub({ HUB_DB: url!, HUB_SCHEMA: schema })]);
    cleanups.push(async () => { await Promise.all(hubs.map((h) => h.stop())); });

    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    const post = (hub: ChildHub, logId: Uint8Array, from: number, records: Uint8Array[], cp: Parameters<typeof encodeCheckpoint>[0]) =>
      fetch(`${hub.url}/v1/logs/${hex(logId)}/push`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: encode({ checkpoint: encodeCheckpoint(cp), from, records }) });
    expect((await post(hubs[0]!, w.authority.logId, 0, w.authority.records, w.authority.checkpoint)).status).toBe(200);

    // Twelve branches of one log, all validly signed by its key, pushed at once through both hubs.
    const base = m.writer.state();
    const branches = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const b = LogWriter.resume(nodeSigner(m.secret), base, { crypto: nodeCrypto, clock: () => 1_764_115_900_000 + i });
      const recs = [b.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `B-${i}` } }).bytes, b.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `B-${i}-2` } }).bytes];
      return { recs, cp: await b.checkpoint() };
    }));
    const responses = await Promise.all(branches.map((b, i) => post(hubs[i % 2]!, m.logId, 0, [m.writer.genesis, ...b.recs], b.cp)));
    const results = await Promise.all(responses.map(async (r) => [r.status, r.status === 200 ? 'ok' : ((await r.json()) as { code: string }).code] as const));
    expect(results.filter(([s]) => s === 200)).toHaveLength(1);
    for (const [s, code] of results.filter(([st]) => st !== 200)) expect([s, code]).toEqual([409, 'HUB_FORK']);
    const winner = results.findIndex(([s]) => s === 200);

    const store = await PgHubStore.open({ url: url!, schema });
    try {
      expect((await store.log(m.logId))!.size).toBe(3);
      expect((await store.records(m.logId, 1, 3)).map(hex)).toEqual(branches[winner]!.recs.map(hex));
      expect((await store.evidence(m.logId)).length).toBe(11);
      // And the same history pushed through both at once, in overlapping pieces: all accepted, one copy.
      const w2 = LogWriter.resume(nodeSigner(m.secret), { ...base }, { crypto: nodeCrypto, clock: () => 1_764_115_900_000 + winner });
      w2.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `B-${winner}` } });
      w2.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `B-${winner}-2` } });
      const more = Array.from({ length: 6 }, (_, i) => w2.append({ kind: 'food.sale', body: { lot: 'L', traceCode: `C-${i}` } }).bytes);
      const cp = await w2.checkpoint();
      const again = await Promise.all(Array.from({ length: 6 }, (_, i) => post(hubs[i % 2]!, m.logId, 3, more, cp)));
      expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await store.log(m.logId))!.size).toBe(9);
      expect(await store.traceCode('C-5')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('runs the versioned migrations once, even when hubs start together', async () => {
    expect(url, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    cleanups.push(() => dropSchema(url!, schema));
    const stores = await Promise.all([1, 2, 3].map(() => PgHubStore.open({ url: url!, schema })));
    await Promise.all(stores.map((s) => s.close()));
    const c = new pg.Client({ connectionString: url! });
    await c.connect();
    try {
      const rows = (await c.query(`select version from ${schema}.hub_migrations order by version`)).rows.map((r: { version: number }) => r.version);
      expect(rows).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await c.end();
    }
    await (await PgHubStore.open({ url: url!, schema })).close(); // and again: nothing to do
  });

  it('a database on a Unix socket that is not there is unavailable (503), like a refused TCP port', async () => {
    const e = await PgHubStore.open({ url: 'postgres://postgres@/suyuan_test?host=/nonexistent-suyuan-pg-socket-dir' }).then(() => undefined, (x: unknown) => x);
    expect((e as { code?: string }).code).toBe('HUB_UNAVAILABLE');
  });

  it('answers 503 while the database is unreachable and recovers by itself', async () => {
    expect(url, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const target = new URL(url!);
    const proxy = await tcpProxy(Number(target.port), target.hostname);
    cleanups.push(() => proxy.close());
    const via = new URL(url!);
    via.port = String(proxy.port);
    const schema = freshSchema();
    cleanups.push(() => dropSchema(url!, schema));
    const store = await PgHubStore.open({ url: via.toString(), schema });
    const app = await hubApp(store);
    cleanups.push(async () => { await app.close(); await store.close(); });
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);

    proxy.down();
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
    sale(m, 1);
    const cp = await m.writer.checkpoint();
    expect(codeOf(await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp))).toEqual([503, 'HUB_UNAVAILABLE']);
    expect(codeOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/checkpoint` }))).toEqual([503, 'HUB_UNAVAILABLE']);

    proxy.up();
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    const res = await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp);
    expect(res.statusCode).toBe(200);
    expect((decode(new Uint8Array(res.rawPayload)) as CborMap).size).toBe(2);
  });
});

/** A TCP proxy the test can cut (refusing and dropping connections) and restore. */
async function tcpProxy(targetPort: number, host: string): Promise<{ port: number; down(): void; up(): void; close(): Promise<void> }> {
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) { client.destroy(); return; }
    const upstream = connect(targetPort, host);
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => undefined); }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() { open = false; for (const s of sockets) s.destroy(); },
    up() { open = true; },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
