import { afterEach, describe, expect, it } from 'vitest';
import { LogWriter } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { ENROL_KIND, REVOKE_KIND } from '@suyuan/verify';
import { PgHubStore } from '../src/index.js';
import { codeOf } from './conformance-context.js';
import { AUTHORITY_SECRET, cborOf, hubApp, marketBusiness, pushTo, sale, type Business } from './fixture.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from './pg-url.js';

const url = await testPgUrl();
const suite = url !== undefined ? describe : IN_CI ? describe : describe.skip;

/**
 * A hub process keeps what it last stored of a log and the enrolments it last read, so that a
 * push continuing a log asks the database nothing first. Two hubs on one database: what one
 * stores must never be overlooked by the other's kept state.
 */
suite(`hub on PostgreSQL, state a process keeps${url === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here (run packages/hub/test/pg-start.sh)' : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function twoHubs() {
    expect(url, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    cleanups.push(() => dropSchema(url!, schema));
    const stores = [await PgHubStore.open({ url: url!, schema }), await PgHubStore.open({ url: url!, schema })];
    const apps = await Promise.all(stores.map((s) => hubApp(s)));
    cleanups.push(async () => { for (const a of apps) await a.close(); for (const s of stores) await s.close(); });
    const authority = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
    let authSent = 0;
    const authRecords = [authority.genesis];
    const auth = {
      enrol: (b: Business) => authRecords.push(authority.append({ kind: ENROL_KIND, body: { key: nodeSigner(b.secret).publicKey, enterprise: b.enterprise, name: b.name, roles: ['market'], validFrom: 1_700_000_000_000 } }).bytes),
      revoke: (b: Business) => authRecords.push(authority.append({ kind: REVOKE_KIND, body: { key: nodeSigner(b.secret).publicKey, at: 1_700_000_000_000, reason: 'key lost' } }).bytes),
      /** Pushes what the authority log has not sent yet, through hub `i`. */
      async send(i: number) {
        const records = authRecords.slice(authSent);
        const res = await pushTo(apps[i]!, authority.logId, authSent, records, await authority.checkpoint());
        expect(res.statusCode, res.body).toBe(200);
        authSent += records.length;
      },
    };
    return { apps, auth };
  }

  /** Pushes a business's records [from, …) through `app`. */
  async function send(app: Awaited<ReturnType<typeof twoHubs>>['apps'][number], b: Business, from: number) {
    const all = [b.writer.genesis, ...b.appended];
    return pushTo(app, b.logId, from, all.slice(from), await b.writer.checkpoint());
  }

  it('a key revoked through one hub is refused by the other, which had checked it as enrolled (POLICY_REVOKED)', async () => {
    const { apps: [, b], auth } = await twoHubs();
    const m = marketBusiness();
    auth.enrol(m);
    await auth.send(0);
    sale(m, 1);
    expect((await send(b!, m, 0)).statusCode).toBe(200);
    auth.revoke(m);
    await auth.send(0);
    sale(m, 2);
    const res = await send(b!, m, 2);
    expect(codeOf(res)).toEqual([403, 'POLICY_REVOKED']);
  });

  it('a key enrolled through one hub is accepted by the other, which had read the enrolments before', async () => {
    const { apps: [, b], auth } = await twoHubs();
    const m1 = marketBusiness();
    const m2 = marketBusiness();
    auth.enrol(m1);
    await auth.send(0);
    sale(m1, 1);
    expect((await send(b!, m1, 0)).statusCode).toBe(200);
    auth.enrol(m2);
    await auth.send(0);
    sale(m2, 1);
    const res = await send(b!, m2, 0);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('records stored through one hub are seen by the other, whose kept size is behind: a re-push stores only what is new', async () => {
    const { apps: [a, b], auth } = await twoHubs();
    const m = marketBusiness();
    auth.enrol(m);
    await auth.send(0);
    sale(m, 1);
    expect((await send(b!, m, 0)).statusCode).toBe(200); // b keeps: size 2
    sale(m, 2);
    expect((await send(a!, m, 2)).statusCode).toBe(200); // stored: 3
    sale(m, 3);
    const res = await send(b!, m, 2); // from b's kept size: seq 2 is stored already, seq 3 is new
    expect(res.statusCode, res.body).toBe(200);
    expect(cborOf(res)).toMatchObject({ status: 'stored', appended: 1, size: 4 });
    const again = await send(b!, m, 2);
    expect(cborOf(again)).toMatchObject({ status: 'unchanged', appended: 0, size: 4 });
  });
});
