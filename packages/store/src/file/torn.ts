import { join } from 'node:path';
import { ioError, syncOrFail, writeAll, type FileIo } from './file-io.js';

/**
 * Keeps bytes cut from a torn tail in `torn-FILE-OFFSET-TIME.bin`, synced, before the tail
 * is cut: nothing leaves the disk unseen. If they cannot be kept (a full disk), nothing is
 * cut and the open fails with STORE_IO.
 */
export async function saveTorn(io: FileIo, dir: string, file: string, offset: number, bytes: Uint8Array): Promise<void> {
  const path = join(dir, `torn-${file}-${offset}-${Date.now()}.bin`);
  let fd: number;
  try {
    fd = io.open(path, 'wx');
  } catch (e) {
    throw ioError(e, 'keeping a torn tail', path);
  }
  try {
    writeAll(io, fd, bytes, 0, path);
    await syncOrFail(io, fd, path);
  } catch (e) {
    io.close(fd);
    try {
      io.unlink(path);
    } catch {
      // nothing more to do: the tail stays where it was
    }
    throw e;
  }
  io.close(fd);
  await io.syncDirectory(dir);
}
