import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { HASH_BYTES } from '@suyuan/core';
import { ioError, syncOrFail, writeAll, type FileIo } from './file-io.js';
import { INDEX_MAGIC, MAGIC_BYTES } from './frame.js';
import { INDEX_ENTRY_BYTES, indexPath } from './layout.js';
import type { Placement, StoreScan } from './recovery.js';
import { createWhole } from './segment-file.js';
import { saveTorn } from './torn.js';

/** Index entries for records [from, to) of `p`. */
export function indexEntries(p: Placement, from: number, to: number): Buffer {
  const buf = Buffer.alloc((to - from) * INDEX_ENTRY_BYTES);
  for (let i = from; i < to; i++) {
    const e = buf.subarray((i - from) * INDEX_ENTRY_BYTES, (i - from + 1) * INDEX_ENTRY_BYTES);
    e.writeUInt32BE(p.segOf[i]!, 0);
    e.writeUInt32BE(p.offOf[i]!, 4);
    e.set(p.leaves.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES), 8);
    e.writeUInt32BE(crc32(e.subarray(0, 40)), 40);
  }
  return buf;
}

/**
 * Makes what a scan without damage found true on disk (writable opens only): temporary
 * files of interrupted creations removed, a torn tail cut (its bytes kept), the index made
 * to agree with the segments.
 */
export async function repair(dir: string, scan: StoreScan, io: FileIo): Promise<void> {
  for (const name of scan.temporary) {
    try {
      io.unlink(join(dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, 'removing a temporary file', join(dir, name));
    }
  }
  const t = scan.tornTail;
  if (t !== undefined) {
    const path = join(dir, t.segment.name);
    await saveTorn(io, dir, t.segment.name, t.offset, t.bytes);
    const fd = io.open(path, 'r+');
    try {
      io.truncate(fd, t.offset);
      await syncOrFail(io, fd, path);
    } catch (e) {
      throw ioError(e, 'cutting a torn tail', path, t.offset);
    } finally {
      io.close(fd);
    }
  }
  const path = indexPath(dir);
  if (!scan.indexUsable) {
    // Written afresh as a whole file: the index is a cache, rebuilt from the segments.
    io.close(await createWhole(io, path, Buffer.concat([INDEX_MAGIC, indexEntries(scan, 0, scan.count)]), true));
    await io.syncDirectory(dir);
    return;
  }
  const from = scan.indexValidEntries;
  if (from === scan.count && scan.indexFileEntries === from) return;
  const fd = io.open(path, 'r+');
  try {
    io.truncate(fd, MAGIC_BYTES + from * INDEX_ENTRY_BYTES);
    writeAll(io, fd, indexEntries(scan, from, scan.count), MAGIC_BYTES + from * INDEX_ENTRY_BYTES, path);
    await syncOrFail(io, fd, path);
  } catch (e) {
    throw ioError(e, 'rewriting the index', path);
  } finally {
    io.close(fd);
  }
}
