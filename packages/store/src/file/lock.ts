import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SuyuanError } from '@suyuan/core';

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** A lock file older than this with unreadable content is taken to be from a crash mid-creation. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

/**
 * One writer per log directory, across processes and within one: `LOCK` is created
 * exclusively and names its owner. A lock whose owner process (on this host) is gone is
 * stale and is taken over; anything else gets STORE_LOCKED.
 */
export class DirectoryLock {
  private constructor(private readonly path: string, private readonly token: string) {}

  static acquire(dir: string): DirectoryLock {
    const path = join(dir, 'LOCK');
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = randomBytes(16).toString('hex');
      if (tryCreate(path, token)) return new DirectoryLock(path, token);
      const owner = readOwner(path);
      if (owner === 'gone') continue; // released between our attempts
      if (owner === 'unreadable') {
        if (Date.now() - mtimeMs(path) < UNREADABLE_LOCK_GRACE_MS) throw locked(path, 'a lock is being created');
        takeOver(path, undefined);
        continue;
      }
      if (owner.host !== hostname()) throw locked(path, `held by pid ${owner.pid} on host ${owner.host}`);
      if (isAlive(owner.pid)) throw locked(path, `held by pid ${owner.pid}${owner.pid === process.pid ? ' (this process)' : ''} since ${owner.since}`);
      takeOver(path, owner.token);
    }
    throw locked(path, 'another process keeps taking the lock');
  }

  release(): void {
    const owner = readOwner(this.path);
    if (typeof owner === 'object' && owner.token === this.token) unlinkSync(this.path);
  }
}

function tryCreate(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SuyuanError('STORE_IO', `cannot create the lock: ${(e as Error).message}`, { file: path });
  }
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(path: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.token === 'string' && typeof o.host === 'string' ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Moves a stale lock aside, then checks it was the stale one that moved (another process
 * may have replaced it in between); if not, puts it back.
 */
function takeOver(path: string, staleToken: string | undefined): void {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readOwner(aside);
  const wasStale = staleToken === undefined ? moved === 'unreadable' : typeof moved === 'object' && moved.token === staleToken;
  if (wasStale) unlinkSync(aside);
  else {
    renameSync(aside, path);
    throw locked(path, 'another process took the lock over first');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function locked(path: string, why: string): SuyuanError {
  return new SuyuanError('STORE_LOCKED', `the log already has a writer: ${why}`, { file: path });
}
