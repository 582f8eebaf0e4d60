/**
 * A hub in its own process for the trace-latency half of bench/hub.ts (like `suyuan serve`):
 * the 64 clients run in the bench's process, so the hub's CPU is its own and can be read.
 * Arguments: PG_URL SCHEMA AUTHORITY_HEX. Over IPC it sends { url } once listening, answers
 * 'cpu' with its CPU time so far (µs), and closes on 'close'.
 * SUYUAN_HUB_MODULE: another copy of @suyuan/hub (its index), for an A/B run.
 */
import { nodeSigner } from '@suyuan/core/node';

const hubModule = (await import(process.env.SUYUAN_HUB_MODULE ?? '@suyuan/hub')) as typeof import('@suyuan/hub');
const [url, schema, authorityHex] = process.argv.slice(2);
const store = await hubModule.PgHubStore.open({ url: url!, schema: schema! });
const hub = await hubModule.startHub({
  store, trust: [Uint8Array.from(Buffer.from(authorityHex!, 'hex'))], witness: nodeSigner(new Uint8Array(32).fill(201)),
  port: 0, regulatorTokens: ['bench'], limits: { ratePerMinute: 1e9 },
});
process.on('message', (m) => {
  if (m === 'cpu') {
    const c = process.cpuUsage();
    process.send!({ cpuMicros: c.user + c.system });
  } else if (m === 'close') {
    void hub.close().then(() => process.exit(0), () => process.exit(1));
  }
});
process.send!({ url: hub.url });
