import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Starts a test child script with the same TypeScript setup as the tests. */
export function startChild(script: string, args: string[]): { child: ChildProcess; lines: string[]; waitFor: (prefix: string) => Promise<string> } {
  const child = spawn(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners: (() => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const l of listeners.splice(0)) l();
  });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const waitFor = (prefix: string) => new Promise<string>((resolve, reject) => {
    const check = () => {
      const hit = lines.find((l) => l.startsWith(prefix));
      if (hit !== undefined) resolve(hit);
      else if (child.exitCode !== null) reject(new Error(`child exited ${child.exitCode}: ${stderr}`));
      else listeners.push(check);
    };
    child.once('exit', () => { for (const l of listeners.splice(0)) l(); });
    check();
  });
  return { child, lines, waitFor };
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
