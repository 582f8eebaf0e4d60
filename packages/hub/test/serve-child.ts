/**
 * A hub process for tests that need real processes (two hubs on one database, SIGKILL).
 * Configured by environment; prints one JSON line { url } once listening.
 */
import { fromHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, PgHubStore, createHubApp } from '../src/index.js';

const env = process.env;
const store = env.HUB_DB !== undefined
  ? await PgHubStore.open({ url: env.HUB_DB, ...(env.HUB_SCHEMA !== undefined ? { schema: env.HUB_SCHEMA } : {}) })
  : await EmbeddedHubStore.open(env.HUB_DIR!);
const app = await createHubApp({ store, trust: [fromHex(env.HUB_TRUST!)], witness: nodeSigner(fromHex(env.HUB_WITNESS!)), regulatorTokens: [env.HUB_TOKEN ?? ''] });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = async () => {
  await app.close();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
