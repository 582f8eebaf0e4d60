import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogWriter, decodeRecord, verifyCosignatureSignature } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import type { FastifyInstance } from 'fastify';
import { EmbeddedHubStore, isHubError, pushLog, type HubStore } from '../src/index.js';
import { HUB_KEY, hubApp, marketBusiness, pushLogVia, removeTempDirs, sale, tempDir, world, type SignedLog } from './fixture.js';

afterAll(removeTempDirs);

/** A local log as a market's ledger keeps it: records and the checkpoints it signed. */
async function localStore(records: readonly Uint8Array[], checkpoints: Awaited<ReturnType<LogWriter['checkpoint']>>[]) {
  const s = new MemoryLogStore();
  await s.append(records, records.map((r) => nodeCrypto.leafHash(r)));
  for (const cp of checkpoints) await s.putCheckpoint(cp);
  return s;
}

describe('pushLog (the client `suyuan push` and Ledger.push call)', () => {
  let store: HubStore;
  let app: FastifyInstance;
  let url: string;
  beforeEach(async () => {
    store = await EmbeddedHubStore.open(tempDir('hub-client'));
    app = await hubApp(store);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('pushes a log, resumes from where the hub is, and is a no-op when nothing is new', async () => {
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    await pushLogVia(app, w.authority);
    sale(m, 1); sale(m, 2);
    const cp1 = await m.writer.checkpoint();
    sale(m, 3);
    const cp2 = await m.writer.checkpoint();
    sale(m, 4); // unsigned: stays local
    const local = await localStore([m.writer.genesis, ...m.appended], [cp1, cp2]);

    const first = await pushLog(url, local, { maxRecords: 3 });
    expect(first).toMatchObject({ from: 0, size: 4, requests: 2 });
    expect(verifyCosignatureSignature(nodeCrypto, first.cosignature!)).toBe(true);
    expect(first.cosignature!.witness).toEqual(HUB_KEY);
    expect((await store.log(m.logId))!.size).toBe(4);

    expect(await pushLog(url, local)).toMatchObject({ from: 4, size: 4, requests: 0 });

    const cp3 = await m.writer.checkpoint();
    await local.putCheckpoint(cp3);
    expect(await pushLog(url, local)).toMatchObject({ from: 4, size: 5, requests: 1 });
    expect((await store.log(m.logId))!.size).toBe(5);
  });

  it('refuses to push over a hub that holds another history (HUB_FORK), before sending anything', async () => {
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    await pushLogVia(app, w.authority);
    const fork = LogWriter.resume(nodeSigner(m.secret), m.writer.state(), { crypto: nodeCrypto, clock: () => 1_764_115_900_000 });
    sale(m, 1);
    const onHub: SignedLog = { logId: m.logId, records: [m.writer.genesis, ...m.appended], checkpoint: await m.writer.checkpoint() };
    expect((await pushLogVia(app, onHub)).statusCode).toBe(200);
    const other = fork.append({ kind: 'food.sale', body: { lot: 'L', traceCode: 'X' } }).bytes;
    const local = await localStore([m.writer.genesis, other], [await fork.checkpoint()]);
    try {
      await pushLog(url, local);
      expect.unreachable();
    } catch (e) {
      expect(isHubError(e, 'HUB_FORK')).toBe(true);
    }
    expect(await store.evidence(m.logId)).toEqual([]); // refused by the client: nothing was sent
    expect(decodeRecord((await store.records(m.logId, 1, 2))[0]!).body.traceCode).not.toBe('X');
  });

  it('reports the hub\'s refusal with its code', async () => {
    const w = await world({ skipEnrolment: 'market1' });
    await pushLogVia(app, w.authority);
    const l = w.logs.market1!;
    const local = await localStore(l.records, [l.checkpoint]);
    try {
      await pushLog(url, local);
      expect.unreachable();
    } catch (e) {
      expect(isHubError(e, 'POLICY_NOT_ENROLLED')).toBe(true);
    }
  });
});
