import { closeSync, fdatasync, ftruncateSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { SuyuanError } from '@suyuan/core';

/**
 * Every call through which the file store changes a file. It exists so tests can make a
 * disk fill up, or a write come back short, at an exact byte; `nodeFileIo` is the real one.
 * Writes are synchronous (they reach the page cache in microseconds); only the syncs wait
 * on the thread pool.
 */
export interface FileIo {
  open(path: string, flags: 'r' | 'r+' | 'w+' | 'wx'): number;
  /** One positional write. May write fewer bytes than asked (a full disk does), or throw. */
  write(fd: number, data: Uint8Array, offset: number, length: number, position: number): number;
  datasync(fd: number): Promise<void>;
  truncate(fd: number, length: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** fsync of a directory: makes files created, renamed or removed in it survive a crash. */
  syncDirectory(dir: string): Promise<void>;
}

const datasync = promisify(fdatasync);

export const nodeFileIo: FileIo = {
  open: (path, flags) => openSync(path, flags, 0o644),
  write: (fd, data, offset, length, position) => writeSync(fd, data, offset, length, position),
  datasync: (fd) => datasync(fd),
  truncate: (fd, length) => ftruncateSync(fd, length),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  async syncDirectory(dir) {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
};

/** STORE_IO for a failed file operation, naming the file, the offset and the system's code (ENOSPC, EIO…). */
export function ioError(e: unknown, what: string, file: string, offset?: number): SuyuanError {
  if (e instanceof SuyuanError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new SuyuanError('STORE_IO', `${what} failed (${code})`, { file, ...(offset !== undefined ? { offset } : {}) });
}

/**
 * Writes all of `data` at `position`, or throws STORE_IO: a short write is carried on from
 * where it stopped, and a write that makes no progress is a full disk.
 */
export function writeAll(io: FileIo, fd: number, data: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < data.length) {
    let n: number;
    try {
      n = io.write(fd, data, done, data.length - done, position + done);
    } catch (e) {
      throw ioError(e, `writing ${data.length - done} bytes`, file, position + done);
    }
    if (n <= 0) throw new SuyuanError('STORE_IO', `writing ${data.length - done} bytes failed (no space: nothing was written)`, { file, offset: position + done });
    done += n;
  }
}

/** Awaits a sync, turning its failure into STORE_IO. */
export async function syncOrFail(io: FileIo, fd: number, file: string): Promise<void> {
  try {
    await io.datasync(fd);
  } catch (e) {
    throw ioError(e, 'fdatasync', file);
  }
}
