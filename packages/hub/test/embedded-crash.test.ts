import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { encodeCheckpoint } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore } from '@suyuan/store';
import { EmbeddedHubStore } from '../src/index.js';
import { codeOf } from './conformance.js';
import { cborOf, hex, hubApp, marketBusiness, pushLogVia, pushTo, removeTempDirs, sale, tempDir, world } from './fixture.js';

afterAll(removeTempDirs);

/**
 * The embedded backend writes a push's records, then its checkpoint. These tests leave the
 * files as a crash part way through the records, or between them and the checkpoint, would.
 */
describe('embedded backend after a crash mid-push', () => {
  for (const leftover of [0, 1, 2]) {
    it(`serves only what a stored checkpoint covers, and takes the re-push (${leftover} of 2 records were written)`, async () => {
      const dir = tempDir('hub-crash');
      const m = marketBusiness();
      const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
      let store = await EmbeddedHubStore.open(dir);
      let app = await hubApp(store);
      await pushLogVia(app, w.authority);
      sale(m, 1);
      const cp1 = await m.writer.checkpoint();
      await pushTo(app, m.logId, 0, [m.writer.genesis, ...m.appended], cp1);
      await app.close();
      await store.close();

      sale(m, 2); sale(m, 3);
      const cp2 = await m.writer.checkpoint();
      const log = await FileLogStore.open(join(dir, 'logs', hex(m.logId), 'log'));
      const rest = m.appended.slice(1, 1 + leftover);
      await log.append(rest, rest.map((r) => nodeCrypto.leafHash(r)));
      await log.close();

      store = await EmbeddedHubStore.open(dir);
      app = await hubApp(store);
      try {
        expect((await store.log(m.logId))!.size).toBe(2);
        expect((await store.checkpoints(m.logId)).map(encodeCheckpoint)).toEqual([encodeCheckpoint(cp1)]);
        const head = cborOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/checkpoint` }));
        expect(head.checkpoint).toEqual(encodeCheckpoint(cp1));
        expect(codeOf(await app.inject({ url: `/v1/logs/${hex(m.logId)}/records/2/3`, headers: { authorization: 'Bearer regulator-token-for-tests' } }))).toEqual([416, 'HUB_RANGE']);
        const res = await pushTo(app, m.logId, 2, m.appended.slice(1), cp2);
        expect(cborOf(res)).toMatchObject({ status: 'stored', size: 4 });
        expect((await store.records(m.logId, 0, 4)).map((r) => hex(r))).toEqual([m.writer.genesis, ...m.appended].map(hex));
      } finally {
        await app.close();
        await store.close();
      }
    });
  }
});
