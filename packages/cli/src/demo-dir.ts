import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './io.js';

/** The file that marks a directory as the demo's, listing what the demo put there. */
export const DEMO_MARKER = '.suyuan-demo';
const DEMO_ENTRIES = ['keys', 'logs', 'demo.bundle', 'authority.pub', DEMO_MARKER];

type Target = { state: 'absent' } | { state: 'empty' } | { state: 'earlier-demo' };

/**
 * What is at the demo's directory, refusing anything the demo did not make: a file, or a
 * directory holding anything but an earlier demo's files (its marker says which).
 */
export function inspectDemoTarget(dir: string): Target {
  if (!existsSync(dir)) {
    if (!existsSync(dirname(dir))) throw new CliError('CLI_IO', `cannot make ${dir}: ${dirname(dir)} does not exist`, { errno: 'ENOENT', file: dir });
    return { state: 'absent' };
  }
  if (!statSync(dir).isDirectory()) throw new CliError('CLI_EXISTS', `${dir} is a file, not a directory; the demo needs a new or empty directory`, { file: dir });
  const entries = readdirSync(dir);
  if (entries.length === 0) return { state: 'empty' };
  const foreign = isEarlierDemo(dir) ? entries.filter((e) => !DEMO_ENTRIES.includes(e)) : entries;
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
    throw new CliError('CLI_NOT_EMPTY', `${dir} holds files the demo did not make (${shown}); it writes only into a new or empty directory, or over an earlier demo: choose another --dir`, { dir, foreign });
  }
  return { state: 'earlier-demo' };
}

function isEarlierDemo(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, DEMO_MARKER), 'utf8')) as { madeBy?: string }).madeBy === 'suyuan demo';
  } catch {
    return false;
  }
}

/** A directory beside the target to build the demo in, so that a failure leaves nothing half-made. */
export function scratchDir(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function markDemo(dir: string): void {
  writeFileSync(join(dir, DEMO_MARKER), `${JSON.stringify({ madeBy: 'suyuan demo', entries: DEMO_ENTRIES }, null, 2)}\n`);
}

/** Moves the finished demo into place, replacing an earlier demo's files (and only those). */
export function installDemo(built: string, dir: string, target: Target): void {
  if (target.state === 'absent') {
    renameSync(built, dir);
    return;
  }
  inspectDemoTarget(dir); // nothing foreign appeared meanwhile
  for (const e of DEMO_ENTRIES) rmSync(join(dir, e), { recursive: true, force: true });
  for (const e of readdirSync(built)) renameSync(join(built, e), join(dir, e));
  rmdirSync(built);
}
