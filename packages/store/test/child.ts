import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface Child {
  child: ChildProcess;
  lines: string[];
  /** The first line (ever printed) that starts with `prefix`. */
  waitFor: (prefix: string) => Promise<string>;
  /** The first line that matches. */
  waitForLine: (match: (line: string) => boolean) => Promise<string>;
}

/** Starts a test child script with the same TypeScript setup as the tests. */
export function startChild(script: string, args: string[], opts: { stdin?: boolean; wrap?: string[] } = {}): Child {
  // `wrap`: a command to run node under (e.g. unshare into another PID namespace).
  const command = [...(opts.wrap ?? []), process.execPath, '--conditions=@suyuan/source', '--import', 'tsx', join(import.meta.dirname, script), ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
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
  const waitForLine = (match: (line: string) => boolean) => new Promise<string>((resolve, reject) => {
    const check = () => {
      const hit = lines.find(match);
      if (hit !== undefined) resolve(hit);
      else if (child.exitCode !== null) reject(new Error(`child exited ${child.exitCode}: ${stderr}`));
      else listeners.push(check);
    };
    child.once('exit', () => { for (const l of listeners.splice(0)) l(); });
    check();
  });
  return { child, lines, waitForLine, waitFor: (prefix) => waitForLine((l) => l.startsWith(prefix)) };
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
