import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AUTHORITY_KEY, HUB_SECRET, TOKEN, hex } from './fixture.js';

const SCRIPT = fileURLToPath(new URL('./serve-child.ts', import.meta.url));

export interface ChildHub {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a hub in its own Node process (sources through tsx) and waits until it listens. */
export async function startChildHub(env: { HUB_DB?: string; HUB_SCHEMA?: string; HUB_DIR?: string }): Promise<ChildHub> {
  const proc = spawn(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', SCRIPT], {
    env: { ...process.env, ...env, HUB_TRUST: hex(AUTHORITY_KEY), HUB_WITNESS: hex(HUB_SECRET), HUB_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
    proc.once('exit', (code) => reject(new Error(`hub child exited with ${code}`)));
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url, proc,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
