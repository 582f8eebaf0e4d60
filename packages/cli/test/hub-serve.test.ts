import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgHubStore } from '@suyuan/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from '../../hub/test/pg-url.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';
import { spawnServe, startServe } from './serve-fixture.js';

/** `suyuan serve …` that is expected to fail at once: its exit code and error code. */
function failServe(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; error: string | undefined }> {
  const child = spawnServe(cwd, [...args, '--json'], env);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, error: errorCode({ code: code ?? -1, out, err: '' }) })));
}

const pgUrl = await testPgUrl();
const needsPg = pgUrl !== undefined || IN_CI ? it : it.skip;

describe('suyuan serve configured by flags and environment', () => {
  let dir: string;
  const schemas: string[] = [];
  beforeAll(() => {
    ensureBuilt();
    dir = buildChainWithCli().dir;
    expect(run(dir, ['keygen', 'hub']).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    if (pgUrl === undefined || schemas.length === 0) return;
    for (const s of schemas) await dropSchema(pgUrl, s);
  });

  needsPg(`runs on PostgreSQL from the environment alone, and again from flags (a flag winning over its variable) with everything kept${pgUrl === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here' : ''}`, async () => {
    expect(pgUrl, 'PostgreSQL is required here (CI=true)').toBeDefined();
    // A schema of the test's own, named in the URL (libpq's `options`), so nothing else is touched.
    const schema = freshSchema();
    schemas.push(schema);
    await (await PgHubStore.open({ url: pgUrl!, schema })).close();
    const db = `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

    const byEnv = await startServe(dir, [], {
      SUYUAN_HUB_DB: db, SUYUAN_HUB_TRUST: 'authority.pub', SUYUAN_HUB_KEY: 'hub.key', SUYUAN_HUB_PORT: '0', SUYUAN_HUB_TOKEN: 'tok-from-env',
    });
    expect(await (await fetch(`${byEnv.url}/readyz`)).json()).toMatchObject({ ok: true, store: 'postgres' });
    const pushed = run(dir, ['push', '--hub', byEnv.url, 'auth', 'farm', '--json']);
    expect(pushed.code, pushed.err).toBe(0);
    const farm = (JSON.parse(pushed.out) as { logs: { logId: string; size: number }[] }).logs[1]!;
    expect((await fetch(`${byEnv.url}/v1/logs`)).status).toBe(401);
    const listed = await fetch(`${byEnv.url}/v1/logs`, { headers: { authorization: 'Bearer tok-from-env' } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as unknown[]).length).toBe(2);
    byEnv.child.kill('SIGTERM');
    expect(await byEnv.exited).toBe(0);

    // Flags this time; the variables left set name another store, port and token file, and lose.
    writeFileSync(join(dir, 'serve.token'), 'tok-from-file\n', { mode: 0o600 });
    const otherDir = join(tempDir('suyuan-serve-'), 'unused');
    const byFlags = await startServe(dir, ['--db', db, '--trust', 'authority.pub', '--key', 'hub.key', '--port', '0', '--token-file', 'serve.token'], {
      SUYUAN_HUB_DIR: otherDir, SUYUAN_HUB_PORT: '1', SUYUAN_HUB_TOKEN_FILE: 'no-such-file', SUYUAN_HUB_TRUST: 'no-such.pub',
    });
    const cp = await fetch(`${byFlags.url}/v1/logs/${farm.logId}/checkpoint`);
    expect(cp.status).toBe(200);
    expect((await fetch(`${byFlags.url}/v1/logs`, { headers: { authorization: 'Bearer tok-from-file' } })).status).toBe(200);
    expect((await fetch(`${byFlags.url}/v1/logs`, { headers: { authorization: 'Bearer tok-from-env' } })).status).toBe(401);
    expect(existsSync(otherDir)).toBe(false);
    byFlags.child.kill('SIGTERM');
    expect(await byFlags.exited).toBe(0);
  }, 120_000);

  it('runs on a directory from SUYUAN_HUB_DIR, and refuses what it cannot use: no store, a non-postgres URL, a database that does not answer', async () => {
    const data = join(tempDir('suyuan-serve-'), 'hubdata');
    const hub = await startServe(dir, [], { SUYUAN_HUB_DIR: data, SUYUAN_HUB_TRUST: 'authority.pub', SUYUAN_HUB_KEY: 'hub.key', SUYUAN_HUB_PORT: '0' });
    expect(await (await fetch(`${hub.url}/readyz`)).json()).toMatchObject({ ok: true, store: 'embedded' });
    expect(run(dir, ['push', '--hub', hub.url, 'auth']).code).toBe(0);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(existsSync(join(data, 'logs'))).toBe(true);

    const keys = { SUYUAN_HUB_TRUST: 'authority.pub', SUYUAN_HUB_KEY: 'hub.key', SUYUAN_HUB_PORT: '0' };
    expect(await failServe(dir, [], keys)).toEqual({ code: 2, error: 'CLI_MISSING_ARGUMENT' });
    expect(await failServe(dir, [], { ...keys, SUYUAN_HUB_DB: 'mysql://127.0.0.1/x' })).toEqual({ code: 2, error: 'CLI_BAD_VALUE' });
    expect(await failServe(dir, [], { ...keys, SUYUAN_HUB_DIR: data, SUYUAN_HUB_DB: 'postgres://127.0.0.1:9/x' })).toEqual({ code: 2, error: 'CLI_BAD_VALUE' });
    expect(await failServe(dir, ['--db', 'postgres://127.0.0.1:9/x'], keys)).toEqual({ code: 2, error: 'CLI_IO' });
    expect(await failServe(dir, ['--dir', data], { ...keys, SUYUAN_HUB_PORT: 'eighty' })).toMatchObject({ code: 2 });
  }, 120_000);
});
