import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecord, verifyCosignatureSignature } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import type { FastifyInstance } from 'fastify';
// The SDK sits below the hub: this test lives here so that imports stay downward.
import { HubError, Ledger, SdkError } from 'suyuan';
import { EmbeddedHubStore, type HubStore } from '../src/index.js';
import { AUTHORITY_SECRET, HUB_KEY, hubApp, marketBusiness, pushLogVia, removeTempDirs, tempDir, world, type Business } from './fixture.js';

afterAll(removeTempDirs);

const line = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
const T = '2025-11-26T08:30:00+08:00';
const CLOCK = () => 1_764_115_900_000;

/** A market's ledger on the SDK, signed with the business's key (enrolled or not by `world`). */
function marketLedger(b: Business, store = new MemoryLogStore()): Promise<Ledger> {
  return Ledger.open({ store, signer: nodeSigner(b.secret), enterprise: b.enterprise, clock: CLOCK, checkpointOnClose: false });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('Ledger.push against a real embedded hub', () => {
  let store: HubStore;
  let app: FastifyInstance;
  let url: string;
  beforeEach(async () => {
    store = await EmbeddedHubStore.open(tempDir('ledger-push'));
    app = await hubApp(store);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('signs what is unsigned, sends it, then sends only what is new, resuming from the hub', async () => {
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
    const ledger = await marketLedger(m);
    await ledger.sale({ eventTime: T, ...line('W-A1-1', '1') });
    await ledger.sale({ eventTime: T, ...line('W-A1-1', '2') });

    const first = await ledger.push(url);
    expect(first).toMatchObject({ from: 0, size: 3, requests: 1 });
    expect(ledger.inspect().signedSize).toBe(3); // signed before sending: the hub takes nothing unsigned
    expect(first.cosignature!.witness).toEqual(HUB_KEY);
    expect(verifyCosignatureSignature(nodeCrypto, first.cosignature!)).toBe(true);
    expect((await store.log(ledger.logId))!.size).toBe(3);

    expect(await ledger.push(url)).toMatchObject({ from: 3, size: 3, requests: 0 }); // nothing new: nothing sent

    const sold = await ledger.sale({ eventTime: T, ...line('W-A1-1', '3') });
    expect(await ledger.push(`${url}/`)).toMatchObject({ from: 3, size: 4, requests: 1 });
    const [stored] = await store.records(ledger.logId, sold.seq, sold.seq + 1);
    expect(decodeRecord(stored!).body.traceCode).toBe(sold.traceCode!.code);
    await ledger.close();
  });

  it('a log of the authority key whose genesis does not declare meta.role "authority" is an ordinary log: its sales need an enrolment (issue 10)', async () => {
    const w = await world({});
    expect((await pushLogVia(app, w.authority)).statusCode).toBe(200);
    // The authority's key keeping a market's log (made without `authority: true`): not exempt from enrolment.
    const ledger = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(AUTHORITY_SECRET), enterprise: '92350102MA2MKT0013', clock: CLOCK, checkpointOnClose: false });
    await ledger.sale({ eventTime: T, ...line('NEVER-RECEIVED', '1') });
    const e = await rejection(ledger.push(url));
    expect(e).toBeInstanceOf(HubError);
    expect((e as HubError).code).toBe('POLICY_NOT_ENROLLED');
    expect(await store.log(ledger.logId)).toBeUndefined();
    await ledger.close();
  });

  it('sends in pieces that each end at a checkpoint', async () => {
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    await pushLogVia(app, w.authority);
    const ledger = await marketLedger(m);
    for (let i = 0; i < 6; i++) {
      await ledger.sale({ eventTime: T, ...line('W-A1-1', '1') });
      if (i % 2 === 1) await ledger.checkpoint(); // at sizes 3, 5, 7
    }
    expect(await ledger.push(url, { maxRecords: 3 })).toMatchObject({ from: 0, size: 7, requests: 3 });
    for (let i = 0; i < 4; i++) await ledger.sale({ eventTime: T, ...line('W-A1-1', '1') });
    // Four unsigned records, one checkpoint signed over them by push: more than a request holds.
    expect((await rejection(ledger.push(url, { maxRecords: 3 })) as HubError).code).toBe('HUB_TOO_MANY_RECORDS');
    expect((await store.log(ledger.logId))!.size).toBe(7);
    await ledger.close();
  });

  it('proves consistency first: a hub holding another history of this log is HUB_FORK, and nothing is sent', async () => {
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    await pushLogVia(app, w.authority);
    // Two ledgers with one key, one enterprise and one clock share their genesis: one log id, two histories.
    const a = await marketLedger(m);
    const b = await marketLedger(m);
    expect(b.logId).toEqual(a.logId);
    await a.sale({ eventTime: T, ...line('W-A1-1', '1'), traceCode: 'A-1' });
    await b.sale({ eventTime: T, ...line('W-A1-1', '1'), traceCode: 'B-1' });
    await a.push(url);
    const e = await rejection(b.push(url));
    expect(e).toBeInstanceOf(HubError);
    expect((e as HubError).code).toBe('HUB_FORK');
    expect(await store.evidence(a.logId)).toEqual([]); // refused by the client: nothing was sent
    expect(decodeRecord((await store.records(a.logId, 1, 2))[0]!).body.traceCode).toBe('A-1');
    await a.close();
    await b.close();
  });

  it('passes the hub\'s refusal on with its code and status (a key no authority enrolled)', async () => {
    const m = marketBusiness();
    const w = await world(); // m is not enrolled
    await pushLogVia(app, w.authority);
    const ledger = await marketLedger(m);
    await ledger.sale({ eventTime: T, ...line('W-A1-1', '1') });
    const e = await rejection(ledger.push(url));
    expect(e).toBeInstanceOf(HubError);
    expect((e as HubError).code).toBe('POLICY_NOT_ENROLLED');
    expect((e as HubError).status).toBe(403);
    expect(await store.log(ledger.logId)).toBeUndefined();
    await ledger.close();
  });

  it('refuses what is not a hub URL (PUSH_URL) and a closed ledger (LEDGER_CLOSED)', async () => {
    const ledger = await marketLedger(marketBusiness());
    for (const bad of ['', 'hub.example.cn', 'ftp://hub.example.cn', 42]) {
      const e = await rejection(ledger.push(bad as string));
      expect(e).toBeInstanceOf(SdkError);
      expect((e as SdkError).code).toBe('PUSH_URL');
    }
    await ledger.close();
    expect(((await rejection(ledger.push(url))) as SdkError).code).toBe('LEDGER_CLOSED');
  });
});
