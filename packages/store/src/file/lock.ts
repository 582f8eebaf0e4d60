import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, ftruncateSync, linkSync, openSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { SuyuanError } from '@suyuan/core';
import { currentOwner, liveness, probeSocket, type LockOwner } from './lock-owner.js';

const GENERATION = /^LOCK\.(\d+)$/;
const MAX_ATTEMPTS = 8;
/** Unix socket paths are cut at 107 bytes (silently, by some libuv versions): longer ones go through /proc/self/fd. */
const MAX_SOCKET_PATH = 100;

/**
 * One writer per log directory, across processes, PID namespaces and within one process.
 *
 * The lock is a series of generation files `LOCK.1`, `LOCK.2`, …, each naming its owner
 * (pid, host, boot id, PID namespace, start time) and a Unix socket the owner listens on
 * (`LOCK-<token>.sock`). The owner of the highest generation holds the log unless it
 * released it or is provably gone (see `liveness`). To take the log, a writer creates the
 * next generation with link(2), which fails if the name exists, so of all writers that
 * found the same lock stale exactly one creates its successor; the file appears with its
 * content already written. It then lists the directory again and backs off if a higher
 * generation exists. The highest generation ever created is never removed (releasing marks
 * it `released`), so a writer acting on an old listing always meets it: either link fails,
 * or the second listing shows it. Lower generations are removed by the next holder.
 */
export class DirectoryLock {
  private lost: SuyuanError | undefined;

  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly owner: LockOwner,
    private readonly server: Server | undefined,
    private readonly dirFd: number,
  ) {
    server?.on('close', () => {
      this.lost ??= locked(join(dir, name), 'its socket closed: another writer could take the log');
    });
  }

  static async acquire(dir: string): Promise<DirectoryLock> {
    const dirFd = openSync(dir, 'r');
    const socketPath = (name: string) => (join(dir, name).length <= MAX_SOCKET_PATH ? join(dir, name) : `/proc/self/fd/${dirFd}/${name}`);
    const token = randomBytes(8).toString('hex');
    const server = await listen(socketPath(`LOCK-${token}.sock`));
    const me = currentOwner(token, server ? `LOCK-${token}.sock` : undefined);
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const top = generations(dir).at(-1);
        if (top !== undefined) {
          const owner = readOwner(join(dir, `LOCK.${top}`));
          if (owner === 'gone') continue;
          if (owner === 'unreadable') throw locked(join(dir, `LOCK.${top}`), `LOCK.${top} cannot be read; if no writer runs, remove it`);
          const state = await liveness(owner, me, socketPath);
          if (state.alive !== false) throw locked(join(dir, `LOCK.${top}`), `${state.why}${state.alive === 'unknown' ? `; it cannot be proven gone: if no writer runs, remove ${join(dir, `LOCK.${top}`)}` : ''}`);
        }
        const generation = (top ?? 0) + 1;
        if (!createGeneration(dir, generation, me)) continue; // another writer took that generation first
        if (generations(dir).some((g) => g > generation)) {
          unlinkQuietly(join(dir, `LOCK.${generation}`));
          continue;
        }
        const lock = new DirectoryLock(dir, `LOCK.${generation}`, me, server, dirFd);
        await lock.tidy(generation, socketPath);
        return lock;
      }
      throw locked(join(dir, 'LOCK'), 'other writers keep taking the log');
    } catch (e) {
      await closeServer(server);
      closeSync(dirFd);
      throw e;
    }
  }

  /** Throws STORE_LOCKED if this lock can no longer be relied on. */
  check(): void {
    if (this.lost !== undefined) throw this.lost;
  }

  async release(): Promise<void> {
    const path = join(this.dir, this.name);
    const current = readOwner(path);
    if (typeof current === 'object' && current.token === this.owner.token) markReleased(path, join(this.dir, `LOCK-${this.owner.token}.tmp`), { ...this.owner, released: true });
    this.lost ??= locked(path, 'released');
    await closeServer(this.server);
    closeSync(this.dirFd);
  }

  /** Removes what earlier writers left: lower generations, and sockets and temporary files of owners that are gone. */
  private async tidy(generation: number, socketPath: (name: string) => string): Promise<void> {
    for (const g of generations(this.dir)) if (g < generation) unlinkQuietly(join(this.dir, `LOCK.${g}`));
    for (const name of readdirSync(this.dir)) {
      const m = /^LOCK-([0-9a-f]+)\.(sock|tmp)$/.exec(name);
      if (m === null || m[1] === this.owner.token) continue;
      const sock = `LOCK-${m[1]}.sock`;
      const probe = await probeSocket(socketPath(sock));
      if (probe === 'refused' || (probe === 'absent' && m[2] === 'tmp')) unlinkQuietly(join(this.dir, name));
    }
  }
}

/**
 * Marks a generation file released. It is replaced whole, never removed (it may be the
 * highest generation ever made); on a full disk, where a new file cannot be written, it is
 * overwritten in place (its blocks exist: a reader may then see it unreadable for a moment,
 * and refuse, which is safe).
 */
function markReleased(path: string, tmp: string, owner: LockOwner): void {
  const text = JSON.stringify(owner);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch {
    unlinkQuietly(tmp);
    try {
      const fd = openSync(path, 'r+');
      try {
        writeSync(fd, text, 0);
        ftruncateSync(fd, Buffer.byteLength(text));
      } finally {
        closeSync(fd);
      }
    } catch {
      // left held: its socket closes with it, which frees it for other processes
    }
  }
}

function generations(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(dir)) {
    const m = GENERATION.exec(name);
    if (m !== null) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** Creates `LOCK.<generation>` with its content already in it; false if that name exists. */
function createGeneration(dir: string, generation: number, owner: LockOwner): boolean {
  const tmp = join(dir, `LOCK-${owner.token}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeFileSync(fd, JSON.stringify(owner));
      fsyncSync(fd); // a power cut must not leave an empty lock file that no one can read
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    unlinkQuietly(tmp);
    throw new SuyuanError('STORE_IO', `cannot create the lock (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: tmp });
  }
  try {
    linkSync(tmp, join(dir, `LOCK.${generation}`));
    return true;
  } catch (e) {
    // EEXIST: another writer has it. ENOENT: a writer tidying up took our temporary file.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new SuyuanError('STORE_IO', `cannot create the lock: ${(e as Error).message}`, { file: join(dir, `LOCK.${generation}`) });
  } finally {
    unlinkQuietly(tmp);
  }
}

function readOwner(path: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.token === 'string' && typeof o.host === 'string' ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Listens on a Unix socket for as long as this process holds the lock; undefined where sockets cannot be made. */
function listen(path: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer((c) => c.destroy());
    server.once('error', () => resolve(undefined));
    server.listen(path, () => {
      server.unref(); // holding a log must not keep the process alive
      resolve(server);
    });
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function locked(file: string, why: string): SuyuanError {
  return new SuyuanError('STORE_LOCKED', `the log already has a writer: ${why}`, { file });
}
