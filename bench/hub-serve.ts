/**
 * `suyuan serve` as a district would run it, for bench/hub.ts: the CLI (from source) in a
 * process of its own on PostgreSQL, with `--workers N` hub processes sharing one port. The
 * bench's pushers and query clients talk to it over HTTP like anyone else. Its CPU time is read
 * from /proc for the serve process and its workers, so the clients' cost is not counted in it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgHubStore } from '@suyuan/hub';
import { writePublicKeyFile, writeSecretKeyFile } from '@suyuan/store';

export interface ServeProcess {
  url: string;
  /** CPU time of the serve process and its workers so far, µs. */
  cpuMicros(): number;
  close(): Promise<void>;
}

const root = join(import.meta.dirname, '..');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of `pid` and its descendants, in clock ticks (0 for a process gone meanwhile). */
function treeTicks(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
      const text = readFileSync(`/proc/${name}/stat`, 'latin1');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // ended while we looked
    }
  }
  let total = 0;
  const visit = (p: number) => {
    total += stats.get(p)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === p) visit(child);
  };
  visit(pid);
  return total;
}

/**
 * Starts `suyuan serve --db URL --workers N [--db-pool P]` on `schema` (made here, untimed, by
 * the store's migrations; named to the hub through the URL's search path) with the given
 * authority and witness keys; resolves once it says it listens.
 */
export async function serveProcess(pgUrl: string, schema: string, keys: { authority: Uint8Array; witnessSecret: Uint8Array }, opts: { workers: number; pool?: number }): Promise<ServeProcess> {
  await (await PgHubStore.open({ url: pgUrl, schema })).close();
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-bench-serve-'));
  writePublicKeyFile(join(dir, 'authority.pub'), keys.authority);
  writeSecretKeyFile(join(dir, 'hub.key'), keys.witnessSecret);
  writeFileSync(join(dir, 'regulator.token'), 'bench\n', { mode: 0o600 });
  const db = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const child = spawn(process.execPath, [
    '--conditions=@suyuan/source', '--import', 'tsx', join(root, 'packages/cli/src/dev-bin.ts'),
    'serve', '--db', db, '--trust', join(dir, 'authority.pub'), '--key', join(dir, 'hub.key'), '--token-file', join(dir, 'regulator.token'),
    '--port', '0', '--workers', String(opts.workers), ...(opts.pool !== undefined ? ['--db-pool', String(opts.pool)] : []), '--rate-limit', '1000000000', '--quiet', '--json',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await listening(child);
    return { url, cpuMicros: () => treeTicks(child.pid!) * (1e6 / TICKS_PER_SECOND), close: () => stop(child).finally(() => rmSync(dir, { recursive: true, force: true })) };
  } catch (e) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      // `--json` prints {"listening": {"url": …, …}} (indented) once every worker listens.
      const url = /"listening":\s*\{\s*"url":\s*"([^"]+)"/.exec(text)?.[1];
      if (url === undefined) return;
      child.stderr!.off('data', onData);
      child.stderr!.resume(); // keep draining what it says later
      resolve(url);
    };
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); }); // with --json, an error goes to standard output
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`suyuan serve ended (${code}): ${text}${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(t);
}
