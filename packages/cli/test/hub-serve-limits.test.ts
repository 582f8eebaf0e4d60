/** `suyuan serve`'s limits (--rate-limit, --body-limit, --records-per-push, --request-timeout) and --db-pool reach the hub and its store. */
import { connect } from 'node:net';
import { join } from 'node:path';
import { PgHubStore } from '@suyuan/hub';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { serve } from '../src/commands-hub.js';
import type { Io } from '../src/io.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';
import { startServe } from './serve-fixture.js';

const LOG = 'ab'.repeat(32);

/** The status line of what the hub answers to a request sent as raw bytes (the body may stop short). */
function rawStatus(url: string, request: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => s.write(request));
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        s.destroy();
        resolve(Number(m[1]));
      }
    });
    s.on('error', reject);
  });
}

describe('suyuan serve limits', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = buildChainWithCli().dir;
    expect(run(dir, ['keygen', 'hub']).code).toBe(0);
  }, 120_000);
  const start = (extra: string[], env: Record<string, string> = {}) => startServe(dir, ['--dir', join(tempDir('suyuan-limits-'), 'hub'), '--trust', 'authority.pub', '--key', 'hub.key', '--port', '0', ...extra], env);

  it('--rate-limit N: the N+1st request a minute from one address is refused 429 HUB_RATE_LIMITED (also from SUYUAN_HUB_RATE_LIMIT; a flag wins)', async () => {
    for (const [args, env] of [[['--rate-limit', '3'], {}], [[], { SUYUAN_HUB_RATE_LIMIT: '3' }], [['--rate-limit', '3'], { SUYUAN_HUB_RATE_LIMIT: '1000' }]] as const) {
      const hub = await start([...args], env);
      for (let i = 0; i < 3; i++) expect((await fetch(`${hub.url}/v1/logs/${LOG}/checkpoint`)).status).toBe(404);
      const limited = await fetch(`${hub.url}/v1/logs/${LOG}/checkpoint`);
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as { code: string }).code).toBe('HUB_RATE_LIMITED');
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);
    }
  }, 60_000);

  it('--records-per-push, --body-limit and --request-timeout reach the hub', async () => {
    const hub = await start(['--records-per-push', '2', '--request-timeout', '1000']);
    // The authority's log is 4 records under one checkpoint: one push of 4.
    const pushed = run(dir, ['push', '--hub', hub.url, 'auth', '--json']);
    expect(pushed.code).toBe(1);
    expect(errorCode(pushed)).toBe('HUB_TOO_MANY_RECORDS');
    // A body that stops short is cut at the request time limit (the default is a minute).
    expect(await rawStatus(hub.url, `POST /v1/logs/${LOG}/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/cbor\r\nContent-Length: 100\r\n\r\nabc`)).toBe(408);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);

    const small = await start(['--body-limit', '1024']);
    const big = await fetch(`${small.url}/v1/logs/${LOG}/push`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: new Uint8Array(2048) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { code: string }).code).toBe('HUB_TOO_LARGE');
    expect((await fetch(`${small.url}/v1/logs/${LOG}/push`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: new Uint8Array(1000) })).status).not.toBe(413);
    small.child.kill('SIGTERM');
    expect(await small.exited).toBe(0);
  }, 60_000);

  it('refuses limits out of range (CLI_BAD_VALUE, with the option)', async () => {
    for (const bad of [['--rate-limit', '0'], ['--body-limit', '100'], ['--records-per-push', '0'], ['--request-timeout', '10'], ['--rate-limit', 'many']]) {
      const r = run(dir, ['serve', '--dir', join(tempDir('suyuan-limits-'), 'hub'), '--trust', 'authority.pub', '--key', 'hub.key', '--port', '0', ...bad, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'CLI_BAD_VALUE', option: bad[0]!.slice(2) } });
    }
  }, 60_000);
});

describe('suyuan serve --db-pool', () => {
  const io: Io = { out: () => undefined, err: () => undefined };
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  /** The options serve opens PostgreSQL with (the open is stopped there: nothing listens). */
  async function openedWith(flags: Record<string, string>, env: Record<string, string> = {}): Promise<unknown> {
    const dir = buildKeys;
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const stop = new Error('stopped at the store');
    const open = vi.spyOn(PgHubStore, 'open').mockRejectedValue(stop);
    await expect(serve([], { db: 'postgres://127.0.0.1:9/x', trust: [join(dir, 'authority.pub')], key: [join(dir, 'hub.key')], port: '0', ...flags }, io)).rejects.toBe(stop);
    return open.mock.calls.at(-1)![0];
  }
  let buildKeys: string;
  beforeAll(() => {
    ensureBuilt();
    buildKeys = tempDir('suyuan-pool-');
    for (const k of ['authority', 'hub']) expect(run(buildKeys, ['keygen', k]).code).toBe(0);
  }, 60_000);

  it('passes --db-pool (else SUYUAN_HUB_DB_POOL; a flag wins) to the store as its pool size, and leaves the store its default without either', async () => {
    for (const k of Object.keys(process.env)) if (k.startsWith('SUYUAN_HUB_')) vi.stubEnv(k, '');
    expect(await openedWith({ 'db-pool': '7' })).toMatchObject({ max: 7 });
    expect(await openedWith({}, { SUYUAN_HUB_DB_POOL: '9' })).toMatchObject({ max: 9 });
    expect(await openedWith({ 'db-pool': '3' }, { SUYUAN_HUB_DB_POOL: '9' })).toMatchObject({ max: 3 });
    expect(await openedWith({}, { SUYUAN_HUB_DB_POOL: '' })).not.toHaveProperty('max');
  });
});
