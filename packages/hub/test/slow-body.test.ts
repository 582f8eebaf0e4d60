import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, startHub, type RunningHub } from '../src/index.js';
import { AUTHORITY_KEY, HUB_SECRET, TOKEN, hex, marketBusiness, pushBody, removeTempDirs, sale, tempDir, world } from './fixture.js';

afterAll(removeTempDirs);

/**
 * A slow-loris client: sends the head of a push and a few bytes of its body, then stalls. It
 * resolves with the status line the server answers (or '' if it just closes the socket).
 */
function slowPush(url: string, logId: Uint8Array, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname, () => {
      s.write(`POST /v1/logs/${hex(logId)}/push HTTP/1.1\r\nhost: x\r\ncontent-type: application/cbor\r\ncontent-length: ${body.length}\r\n\r\n`);
      s.write(body.subarray(0, 10)); // and never the rest
    });
    let got = '';
    s.on('data', (d) => { got += d.toString('latin1'); });
    s.on('error', () => undefined);
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

describe('slow request bodies', () => {
  let hub: RunningHub | undefined;
  afterEach(async () => { await hub?.close(); hub = undefined; });

  it('a body that never finishes gets 408 once the request time runs out, and does not hold the log: other pushes of the same log go through meanwhile', async () => {
    const store = await EmbeddedHubStore.open(tempDir('hub-slow'));
    hub = await startHub({ store, trust: [AUTHORITY_KEY], witness: nodeSigner(HUB_SECRET), regulatorTokens: [TOKEN], port: 0, limits: { requestMs: 1_000 } });
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    const post = (logId: Uint8Array, body: Buffer) => fetch(`${hub!.url}/v1/logs/${hex(logId)}/push`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body });
    expect((await post(w.authority.logId, pushBody(0, w.authority.records, w.authority.checkpoint))).status).toBe(200);
    sale(m, 1);
    const first = pushBody(0, [m.writer.genesis, ...m.appended], await m.writer.checkpoint());
    const stalled = slowPush(hub.url, m.logId, first);
    // While the slow body stalls, the same log is pushed and grows.
    expect((await post(m.logId, first)).status).toBe(200);
    sale(m, 2);
    expect((await post(m.logId, pushBody(2, m.appended.slice(1), await m.writer.checkpoint()))).status).toBe(200);
    expect(await stalled).toMatch(/^HTTP\/1\.1 408 /);
    expect((await store.log(m.logId))!.size).toBe(3);
  }, 30_000);
});
