/**
 * A hub process for tests that need real processes (two hubs on one database, SIGKILL).
 * Configured by environment; prints one JSON line { url } once listening.
 */
import { fromHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, PgHubStore, startHub } from '../src/index.js';

const env = process.env;
const store = env.HUB_DB !== undefined
  ? await PgHubStore.open({ url: env.HUB_DB, ...(env.HUB_SCHEMA !== undefined ? { schema: env.HUB_SCHEMA } : {}) })
  : await EmbeddedHubStore.open(env.HUB_DIR!);
const hub = await startHub({ store, trust: [fromHex(env.HUB_TRUST!)], witness: nodeSigner(fromHex(env.HUB_WITNESS!)), regulatorTokens: [env.HUB_TOKEN ?? ''], port: 0, signals: true });
process.stdout.write(`${JSON.stringify({ url: hub.url })}\n`);
