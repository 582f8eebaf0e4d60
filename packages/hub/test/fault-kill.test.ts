import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeCrypto } from '@suyuan/core/node';
import { EmbeddedHubStore, PgHubStore, pushLog, type HubStore } from '../src/index.js';
import { startChildHub, type ChildHub } from './child.js';
import { hex, removeTempDirs, tempDir } from './fixture.js';
import { enrolledPushers } from './pusher.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from './pg-url.js';

afterAll(removeTempDirs);
const pgUrl = await testPgUrl();

const PUSHERS = 6;
const KILLS = 4;

async function killRun(env: { HUB_DB?: string; HUB_SCHEMA?: string; HUB_DIR?: string }, open: () => Promise<HubStore>): Promise<void> {
  const { pushers, auth } = await enrolledPushers(PUSHERS, 150, 'K');

  let hub: ChildHub = await startChildHub(env);
  try {
    await pushLog(hub.url, auth);
    for (const p of pushers) p.acked = (await pushLog(hub.url, p.local)).size;
    for (let round = 0; round < KILLS; round++) {
      let stop = false;
      let acks = 0;
      const url = hub.url;
      // Every pusher grows its log and pushes, over and over, until the hub dies under it.
      const loops = pushers.map(async (p) => {
        while (!stop) {
          await p.grow(1 + (p.acked % 7));
          try {
            p.acked = Math.max(p.acked, (await pushLog(url, p.local)).size);
            acks++;
          } catch {
            await sleep(5); // the hub is gone: this round is over for this pusher
          }
        }
      });
      // Kill once pushes are flowing (as many acknowledged as there are pushers, however long a
      // loaded machine takes: a hub that acknowledges nothing fails by the test's timeout), at a
      // moment after that which varies per round.
      while (acks < PUSHERS) await sleep(10);
      await sleep(20 * round);
      hub.proc.kill('SIGKILL');
      await new Promise((r) => hub.proc.once('exit', r));
      stop = true;
      await Promise.all(loops);
      hub = await startChildHub(env);
    }
    // Every acknowledged record is there, byte for byte, and the logs go on from where they are.
    for (const p of pushers) {
      const r = await pushLog(hub.url, p.local);
      expect(r.from).toBeGreaterThanOrEqual(p.acked);
      expect(r.size).toBe(p.local.size);
    }
  } finally {
    await hub.stop();
  }
  const store = await open();
  try {
    for (const p of pushers) {
      const logId = nodeCrypto.leafHash(p.writer.genesis);
      expect((await store.log(logId))!.size).toBe(p.local.size);
      expect((await store.records(logId, 0, p.local.size)).map(hex)).toEqual((await p.local.readRange(0, p.local.size)).map(hex));
    }
  } finally {
    await store.close();
  }
}

describe('the hub SIGKILLed again and again during concurrent pushes loses no acknowledged record', () => {
  it('embedded', async () => {
    const dir = tempDir('hub-kill');
    await killRun({ HUB_DIR: dir }, () => EmbeddedHubStore.open(dir));
  }, 120_000);

  (pgUrl !== undefined || IN_CI ? it : it.skip)(`postgres${pgUrl === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here (run packages/hub/test/pg-start.sh)' : ''}`, async () => {
    expect(pgUrl, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    await (await PgHubStore.open({ url: pgUrl!, schema })).close();
    try {
      await killRun({ HUB_DB: pgUrl!, HUB_SCHEMA: schema }, () => PgHubStore.open({ url: pgUrl!, schema }));
    } finally {
      await dropSchema(pgUrl!, schema);
    }
  }, 120_000);
});
