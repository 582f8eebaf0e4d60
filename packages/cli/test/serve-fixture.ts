/** `suyuan serve` run as a user starts it, for the hub's command-line tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { BIN } from './cli-fixture.js';

export interface Server { child: ChildProcess; url: string; exited: Promise<number | null> }

/** The environment without any SUYUAN_HUB_* setting of the machine's, plus `extra`. */
export function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SUYUAN_HUB_')) delete env[k];
  return { ...env, ...extra };
}

const servers: ChildProcess[] = [];
afterAll(() => {
  for (const c of servers) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Spawns `suyuan serve ARGS` (killed after the file's tests if still running). */
export function spawnServe(cwd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env: envWith(env), stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  return child;
}

/** `suyuan serve ARGS` with this environment; resolves once it says where it listens. */
export function startServe(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawnServe(cwd, args, env);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout!.resume(); // the JSON log lines
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+?) /.exec(err);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
