/** `suyuan serve --workers N` (several hub processes on one port and one database) and `--db-pool`. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { join } from 'node:path';
import { connect } from 'node:net';
import { PgHubStore } from '@suyuan/hub';
import { FileLogStore } from '@suyuan/store';
import { pushLog } from 'suyuan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from '../../hub/test/pg-url.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';
import { spawnServe, startServe, type Server } from './serve-fixture.js';

const pgUrl = await testPgUrl();
const needsPg = pgUrl !== undefined || IN_CI ? it : it.skip;
const skipped = pgUrl === undefined && !IN_CI ? ' — SKIPPED: no PostgreSQL here' : '';
const TOKEN = 'tok-workers';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A GET on a connection of its own (no keep-alive), so successive calls reach different workers. */
function getFresh(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

/** A fetch that opens a connection of its own for every request, for `pushLog`. */
const freshFetch: typeof fetch = (input, init) => new Promise((resolve, reject) => {
  const req = request(String(input), { method: init?.method ?? 'GET', agent: false, headers: init?.headers as Record<string, string> }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (d: Buffer) => chunks.push(d));
    res.on('end', () => resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode!, headers: res.headers as Record<string, string> })));
  });
  req.on('error', reject);
  req.end(init?.body === undefined || init.body === null ? undefined : Buffer.from(init.body as Uint8Array));
});

/** Polls `check` until it holds or the deadline passes (another worker's push is seen once its NOTIFY arrives). */
async function eventually(check: () => Promise<boolean>, what: string | (() => string), ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  } catch {
    return []; // ps exits 1 when there are none
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Processes whose command line contains `marker` (left behind by a run that should have ended). */
const processesWith = (marker: string): number[] => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
  try {
    return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}).map(Number);

/** `suyuan serve … --json` expected to fail at once: exit code, error code, the whole error. */
function failServe(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; error: string | undefined; details: Record<string, unknown> }> {
  const child = spawnServe(cwd, [...args, '--json'], env);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.resume();
  return new Promise((resolve) => child.on('exit', (code) => {
    let details = {};
    try {
      details = (JSON.parse(out) as { error: Record<string, unknown> }).error;
    } catch {
      // not one JSON object: errorCode says undefined
    }
    resolve({ code, error: errorCode({ code: code ?? -1, out, err: '' }), details });
  }));
}

describe('suyuan serve --workers N', () => {
  let dir: string;
  let logs: Record<string, { logId: string; size: number }>;
  const schemas: string[] = [];
  beforeAll(() => {
    ensureBuilt();
    dir = buildChainWithCli().dir;
    expect(run(dir, ['keygen', 'hub']).code).toBe(0);
    writeFileSync(join(dir, 'regulator.token'), `${TOKEN}\n`, { mode: 0o600 });
  }, 120_000);
  afterAll(async () => {
    if (pgUrl !== undefined) for (const s of schemas) await dropSchema(pgUrl, s);
  });

  /** A fresh schema of the test's own, named in the URL. */
  async function freshDb(): Promise<string> {
    expect(pgUrl, 'PostgreSQL is required here (CI=true)').toBeDefined();
    const schema = freshSchema();
    schemas.push(schema);
    await (await PgHubStore.open({ url: pgUrl!, schema })).close();
    return `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }

  async function startWorkers(db: string, extra: string[] = []): Promise<Server & { pids: Set<number>; pushPids: Set<number>; closing: Set<number>; paths: Set<string>; workers: () => number[] }> {
    const hub = await startServe(dir, ['--db', db, '--trust', 'authority.pub', '--key', 'hub.key', '--token-file', 'regulator.token', '--port', '0', '--workers', '2', ...extra]);
    // Every worker's log lines (pino, with its pid) share the primary's standard output.
    const pids = new Set<number>(); // workers that answered a request
    const closing = new Set<number>(); // workers that began to shut down
    const paths = new Set<string>(); // paths requested
    const pushPids = new Set<number>(); // workers that stored a push
    let partial = '';
    hub.child.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const l of lines) {
        try {
          const x = JSON.parse(l) as { pid?: number; msg?: string; req?: { url?: string } };
          if (x.req?.url !== undefined) paths.add(x.req.url);
          if (x.pid === undefined) continue;
          if (x.req !== undefined) pids.add(x.pid);
          if (x.msg === 'push') pushPids.add(x.pid);
          if (x.msg === 'shutting down') closing.add(x.pid);
        } catch {
          // not a log line
        }
      }
    });
    return { ...hub, pids, pushPids, closing, paths, workers: () => childrenOf(hub.child.pid!) };
  }

  needsPg(`shares one port (0: one random port) among 2 workers: pushes spread over both, queries and /metrics see all of them, SIGTERM ends every process${skipped}`, async () => {
    const db = await freshDb();
    const hub = await startWorkers(db);
    const workers = hub.workers();
    expect(workers.length).toBe(2);
    expect(new URL(hub.url).port).not.toBe('0');

    // Connections take turns between the workers. Each push asks for the checkpoint and pushes,
    // a connection each here: one more request between pushes makes successive pushes reach the other worker.
    logs = {};
    let pushed = 0;
    for (const name of ['auth', 'farm', 'wholesaler', 'market']) {
      const store = await FileLogStore.open(join(dir, name), { readOnly: true });
      let l;
      try {
        l = await pushLog(hub.url, store, { fetch: freshFetch });
      } finally {
        await store.close();
      }
      expect(l.from).toBe(0);
      logs[name] = l;
      pushed += l.size;
      expect((await getFresh(`${hub.url}/healthz`)).status).toBe(200);
    }
    // Both workers stored pushes (their log lines arrive once this thread, blocked by the pushes, reads them).
    await eventually(async () => hub.pushPids.size === 2, () => `pushes stored by both workers (${[...hub.pushPids]} stored; ${[...hub.pids]} answered)`);
    expect([...hub.pushPids].sort()).toEqual([...workers].sort());

    // Every worker, on connections of their own, sees everything pushed.
    for (let i = 0; i < 4; i++) {
      await eventually(async () => {
        const listed = await getFresh(`${hub.url}/v1/logs`, auth);
        if (listed.status !== 200) return false;
        const sizes = Object.fromEntries((JSON.parse(listed.body) as { logId: string; size: number }[]).map((l) => [l.logId, l.size]));
        return Object.values(logs).every((l) => sizes[l.logId] === l.size);
      }, 'GET /v1/logs lists every pushed log at its size');
      await eventually(async () => {
        const traced = await getFresh(`${hub.url}/v1/query/trace-back?traceCode=SY-${i}`, auth);
        return traced.status === 200 && traced.body.includes(logs.farm!.logId) && traced.body.includes(logs.wholesaler!.logId);
      }, 'trace-back from a market sale reaches the farm');
    }

    // /metrics on any worker counts what both ingested.
    for (let i = 0; i < 2; i++) {
      const m = await getFresh(`${hub.url}/metrics`, auth);
      expect(m.status).toBe(200);
      expect(Number(/^hub_records_ingested_total (\d+)$/m.exec(m.body)?.[1])).toBe(pushed);
    }

    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    for (const pid of workers) expect(alive(pid), `worker ${pid} still running`).toBe(false);
  }, 120_000);

  needsPg(`replaces a worker that is SIGKILLed, and keeps answering on the same port${skipped}`, async () => {
    const db = await freshDb();
    const hub = await startWorkers(db);
    const [victim, survivor] = hub.workers();
    process.kill(victim!, 'SIGKILL');
    let replacement = 0;
    await eventually(async () => {
      const now = hub.workers();
      replacement = now.find((p) => p !== survivor && p !== victim) ?? 0;
      return now.length === 2 && !now.includes(victim!) && replacement !== 0;
    }, 'a new worker in place of the killed one');
    // The replacement listens on the shared port: answers come from both workers again.
    await eventually(async () => {
      expect(run(dir, ['push', '--hub', hub.url, 'auth', '--json']).code).toBe(0);
      return hub.pids.has(replacement);
    }, 'the replacement handles a push');
    for (let i = 0; i < 4; i++) expect((await getFresh(`${hub.url}/readyz`)).status).toBe(200);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    for (const pid of [survivor!, replacement]) expect(alive(pid)).toBe(false);
  }, 120_000);

  needsPg(`SIGTERM to the primary: every worker closes gracefully, a push in flight (its body half sent) completes and is stored, then exit 0${skipped}`, async () => {
    const db = await freshDb();
    const hub = await startWorkers(db);
    const workers = hub.workers();
    expect(run(dir, ['push', '--hub', hub.url, 'auth']).code).toBe(0);
    // The farm's push goes over a raw connection: all but its last byte, then SIGTERM to the
    // primary, then (once both workers began closing) the last byte.
    const heldFetch: typeof fetch = async (input, init) => {
      if (init?.method !== 'POST') return fetch(input, init);
      const body = Buffer.from(init.body as Uint8Array);
      const { hostname, port, pathname } = new URL(String(input));
      const socket = connect(Number(port), hostname);
      await new Promise((r) => socket.once('connect', r));
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/cbor\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body.subarray(0, body.length - 1));
      const answer = new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (d: Buffer) => chunks.push(d));
        socket.on('close', () => resolve(Buffer.concat(chunks)));
      });
      await eventually(async () => hub.paths.has(pathname), 'a worker began the push');
      hub.child.kill('SIGTERM');
      await eventually(async () => workers.every((p) => hub.closing.has(p)), 'both workers closing');
      socket.write(body.subarray(body.length - 1));
      const raw = await answer;
      const split = raw.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.subarray(0, split).toString('latin1'))![1]);
      return new Response(raw.subarray(split + 4), { status });
    };
    const farm = await FileLogStore.open(join(dir, 'farm'), { readOnly: true });
    let pushed;
    try {
      pushed = await pushLog(hub.url, farm, { fetch: heldFetch });
    } finally {
      await farm.close();
    }
    expect(await hub.exited).toBe(0);
    for (const pid of workers) expect(alive(pid)).toBe(false);
    const schema = /search_path=(\w+)/.exec(decodeURIComponent(db))![1]!;
    const store = await PgHubStore.open({ url: pgUrl!, schema });
    try {
      expect((await store.log(Buffer.from(pushed.logId, 'hex')))?.size).toBe(pushed.size);
    } finally {
      await store.close();
    }
  }, 120_000);

  needsPg(`a port in use with --workers 2: exits as a single hub does (CLI_IO, one error), no worker left${skipped}`, async () => {
    const db = await freshDb();
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    const marker = randomBytes(6).toString('hex');
    try {
      const args = ['--db', `${db}&application_name=w${marker}`, '--trust', 'authority.pub', '--key', 'hub.key', '--port', port];
      expect(await failServe(dir, args)).toMatchObject({ code: 2, error: 'CLI_IO' });
      expect(await failServe(dir, [...args, '--workers', '2'])).toMatchObject({ code: 2, error: 'CLI_IO', details: { errno: 'EADDRINUSE' } });
      expect(processesWith(marker)).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses --workers with --dir (nothing made), and --workers / --db-pool out of range, before anything starts', async () => {
    const keys = ['--trust', 'authority.pub', '--key', 'hub.key', '--port', '0'];
    const data = join(tempDir('suyuan-workers-'), 'hubdata');
    const withDir = await failServe(dir, ['--dir', data, '--workers', '2', ...keys]);
    expect(withDir).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'workers' } });
    expect(existsSync(data)).toBe(false);
    expect(await failServe(dir, ['--dir', data, ...keys], { SUYUAN_HUB_WORKERS: '3' })).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'workers' } });
    expect(await failServe(dir, ['--dir', data, '--db-pool', '4', ...keys])).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'db-pool' } });
    expect(existsSync(data)).toBe(false);
    const db = ['--db', 'postgres://127.0.0.1:9/x', ...keys];
    for (const bad of ['0', '-1', '1.5', '65', 'two']) expect(await failServe(dir, [...db, `--workers=${bad}`])).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'workers' } });
    for (const bad of ['0', '1001', 'x']) expect(await failServe(dir, [...db, '--db-pool', bad])).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'db-pool' } });
    expect(await failServe(dir, db, { SUYUAN_HUB_WORKERS: '0' })).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'workers' } });
    expect(await failServe(dir, db, { SUYUAN_HUB_DB_POOL: '0' })).toMatchObject({ code: 2, error: 'CLI_BAD_VALUE', details: { option: 'db-pool' } });
    // --workers 1 is today's hub exactly, on a directory too (no cluster).
    const one = await startServe(dir, ['--dir', data, '--workers', '1', ...keys]);
    expect(childrenOf(one.child.pid!)).toEqual([]);
    one.child.kill('SIGTERM');
    expect(await one.exited).toBe(0);
  }, 120_000);

  needsPg(`a database that answers but refuses (no such database, no schema to create the tables in): CLI_IO with PostgreSQL's reason, not "a bug"${skipped}`, async () => {
    const keys = ['--trust', 'authority.pub', '--key', 'hub.key', '--port', '0'];
    const noDb = new URL(pgUrl!);
    noDb.pathname = `/no_such_db_${randomBytes(4).toString('hex')}`;
    const noSchema = `${pgUrl}?options=${encodeURIComponent(`-c search_path=no_such_schema_${randomBytes(4).toString('hex')}`)}`;
    for (const db of [noDb.toString(), noSchema]) {
      const r = await failServe(dir, ['--db', db, ...keys]);
      expect(r, db).toMatchObject({ code: 2, error: 'CLI_IO' });
      expect(typeof r.details.sqlstate, db).toBe('string');
    }
  }, 120_000);

  it('fails with --workers 2 as it fails without: a bad key (before any worker starts), a database that does not answer (one error, from the first worker); no process left', async () => {
    const marker = randomBytes(6).toString('hex');
    writeFileSync(join(dir, `bad-${marker}.key`), 'not a key\n', { mode: 0o600 });
    const args = ['--db', `postgres://127.0.0.1:9/x${marker}`, '--trust', 'authority.pub', '--port', '0'];
    const badKeyAlone = await failServe(dir, [...args, '--key', `bad-${marker}.key`]);
    const badKey = await failServe(dir, [...args, '--key', `bad-${marker}.key`, '--workers', '2']);
    expect(badKey.error).toBeDefined();
    expect({ code: badKey.code, error: badKey.error }).toEqual({ code: badKeyAlone.code, error: badKeyAlone.error });
    expect(badKey.code).not.toBe(0);
    expect(processesWith(marker)).toEqual([]);
    // The database is down: every worker fails to start; the primary says so once (one JSON error on stdout) and exits as a single hub would.
    const downAlone = await failServe(dir, [...args, '--key', 'hub.key']);
    const down = await failServe(dir, [...args, '--key', 'hub.key', '--workers', '2']);
    expect(downAlone).toMatchObject({ code: 2, error: 'CLI_IO' });
    expect({ code: down.code, error: down.error }).toEqual({ code: 2, error: 'CLI_IO' });
    expect(processesWith(marker)).toEqual([]);
  }, 120_000);
});
