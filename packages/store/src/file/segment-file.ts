import { SuyuanError } from '@suyuan/core';
import { MAGIC_BYTES, magicVersion } from './frame.js';
import { syncOrFail, writeAll, ioError, type FileIo } from './file-io.js';

/**
 * Segment header. Version 2: `SYSEG\0\0\x02` ‖ u64 BE seq of the segment's first record
 * (16 bytes), so segments carry their place in the log: a sealed segment cut at a frame
 * boundary, or two segments swapped, cannot pass for a shorter log. Version 1 (8 bytes, no
 * seq) is still read.
 */
export const SEGMENT_MAGIC = Buffer.from('SYSEG\0\0\x02', 'latin1');
export const SEGMENT_HEADER_BYTES = 16;

export interface SegmentHeader {
  headerBytes: number;
  /** Seq of its first record (version 2 only). */
  firstSeq: number | undefined;
}

export function segmentHeader(firstSeq: number): Buffer {
  const b = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(b);
  b.writeBigUInt64BE(BigInt(firstSeq), MAGIC_BYTES);
  return b;
}

/** The header of a segment file, or undefined if it is not one of ours. */
export function readSegmentHeader(buf: Buffer): SegmentHeader | undefined {
  const version = magicVersion(buf, SEGMENT_MAGIC, 2);
  if (version === 1) return { headerBytes: MAGIC_BYTES, firstSeq: undefined };
  if (version !== 2 || buf.length < SEGMENT_HEADER_BYTES) return undefined;
  const seq = buf.readBigUInt64BE(MAGIC_BYTES);
  return { headerBytes: SEGMENT_HEADER_BYTES, firstSeq: seq > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(seq) };
}

/**
 * A file appears whole or not at all: `content` is written to a temporary file (synced when
 * `durable`), which is then renamed into place. The caller syncs the directory. Returns the
 * file, open for writing.
 */
export async function createWhole(io: FileIo, path: string, content: Uint8Array, durable: boolean): Promise<number> {
  const tmp = `${path}.tmp`;
  let fd: number;
  try {
    fd = io.open(tmp, 'w+');
  } catch (e) {
    throw ioError(e, 'creating the file', tmp);
  }
  try {
    writeAll(io, fd, content, 0, tmp);
    if (durable) await syncOrFail(io, fd, tmp);
    io.rename(tmp, path);
  } catch (e) {
    io.close(fd);
    try {
      io.unlink(tmp);
    } catch {
      // left for the next writable open to remove
    }
    throw e instanceof SuyuanError ? e : ioError(e, 'creating the file', path);
  }
  return fd;
}
