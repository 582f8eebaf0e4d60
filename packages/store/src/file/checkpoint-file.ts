import { readFileSync, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { SuyuanError, decode, decodeCheckpoint, encode, encodeCheckpoint, type Checkpoint, type TreeHead } from '@suyuan/core';
import { CheckpointGuard } from '../checkpoint-guard.js';
import { ioError, syncOrFail, writeAll, type FileIo } from './file-io.js';
import { MAGIC_BYTES, frameSize, magicVersion, scanFrames, writeFrame } from './frame.js';
import { CHECKPOINTS, checkpointsPath } from './layout.js';
import type { Damage } from './recovery.js';
import { createWhole } from './segment-file.js';
import { saveTorn } from './torn.js';

/**
 * The `checkpoints` file, version 2: `SYCKP\0\0\x02` ‖ u64 BE committed length ‖ u32 BE
 * CRC-32 of those 8 bytes (20 bytes), then framed entries, each either a reservation
 * `[logId, size, root, time]` (written before signing) or a signed checkpoint (its
 * canonical CBOR).
 *
 * The committed length is rewritten in place, and synced, after every signed checkpoint
 * is synced and before it is returned: everything below it was acknowledged, so a damaged
 * or missing byte there is damage, never a torn write. Past it only reservations and the
 * checkpoint being stored can lie, and a torn entry there is a crash's and is cut. (The
 * 12 bytes lie in the first sector, which disks write whole.) Version 1 (an 8-byte header,
 * nothing committed) is still read, and rewritten as version 2 by a writable open.
 */
const MAGIC = Buffer.from('SYCKP\0\0\x02', 'latin1');
const HEADER_BYTES = 20;

export interface CheckpointScan {
  guard: CheckpointGuard;
  exists: boolean;
  version: number;
  /** End of the whole entries. */
  validEnd: number;
  headerBytes: number;
  torn?: { offset: number; bytes: Buffer };
  corruption?: Damage;
}

function header(committed: number): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(b);
  b.writeBigUInt64BE(BigInt(committed), MAGIC_BYTES);
  b.writeUInt32BE(crc32(b.subarray(MAGIC_BYTES, 16)), 16);
  return b;
}

/** The checkpoints file's bytes, read before the segments: a checkpoint read first covers only records the segments then show. */
export type CheckpointsRead = { state: 'missing' } | { state: 'not-a-file' } | { state: 'read'; buf: Buffer };

export function readCheckpoints(dir: string): CheckpointsRead {
  const path = checkpointsPath(dir);
  try {
    if (!statSync(path).isFile()) return { state: 'not-a-file' };
    return { state: 'read', buf: readFileSync(path) };
  } catch {
    return { state: 'missing' }; // the caller decides whether a missing file is damage
  }
}

/** Decides what in the checkpoints file is whole, torn or damaged; `records`: how many whole records the log holds. */
export function scanCheckpoints(file: CheckpointsRead, records: number): CheckpointScan {
  const scan: CheckpointScan = { guard: new CheckpointGuard(), exists: false, version: 2, validEnd: HEADER_BYTES, headerBytes: HEADER_BYTES };
  const damage = (offset: number, detail: string): CheckpointScan => ({ ...scan, corruption: { file: CHECKPOINTS, offset, detail } });
  if (file.state === 'missing') return scan;
  scan.exists = true;
  if (file.state === 'not-a-file') return damage(0, 'checkpoints is not a regular file');
  const buf = file.buf;
  // Created whole (written, then renamed into place): a short or foreign header is damage.
  scan.version = magicVersion(buf, MAGIC, 2);
  if (scan.version === 0) return damage(0, buf.length < MAGIC_BYTES ? `the file is cut to ${buf.length} bytes` : 'not a Suyuan checkpoints file (bad header)');
  let committed = MAGIC_BYTES;
  if (scan.version === 2) {
    if (buf.length < HEADER_BYTES) return damage(0, `the file is cut to ${buf.length} bytes`);
    if (crc32(buf.subarray(MAGIC_BYTES, 16)) !== buf.readUInt32BE(16)) return damage(MAGIC_BYTES, 'the committed length in the header is damaged');
    committed = Number(buf.readBigUInt64BE(MAGIC_BYTES));
  }
  scan.headerBytes = scan.version === 2 ? HEADER_BYTES : MAGIC_BYTES;
  const frames = scanFrames(buf, scan.headerBytes, buf.length);
  scan.validEnd = frames.validEnd;
  if (frames.validEnd < committed) {
    const at = frames.validEnd;
    return damage(at, buf.length < committed ? `the file ends at byte ${buf.length}, but checkpoints were stored up to byte ${committed}: the entry at byte ${at} was cut` : `the entry at byte ${at} is damaged (${frames.problem?.reason}), though it was stored`);
  }
  if (committed !== scan.headerBytes && !frames.frames.some((f) => f.end === committed)) return damage(MAGIC_BYTES, `the committed length ${committed} does not end an entry`);
  for (const f of frames.frames) {
    const payload = buf.subarray(f.payloadStart, f.end);
    let head: TreeHead;
    let signed: Checkpoint | undefined;
    try {
      const v = decode(payload) as unknown[];
      if (Array.isArray(v) && v.length === 4) head = { logId: v[0] as Uint8Array, size: v[1] as number, root: v[2] as Uint8Array, time: v[3] as number };
      else head = signed = decodeCheckpoint(payload);
      if (!Number.isSafeInteger(head.size) || !(head.root instanceof Uint8Array)) throw new Error('not a tree head');
      scan.guard.admit(head);
    } catch (e) {
      return damage(f.offset, `the entry at byte ${f.offset} ${(e as SuyuanError).code === 'STORE_CHECKPOINT_CONFLICT' ? `holds a second root at one size: ${(e as Error).message}` : `does not decode: ${(e as Error).message}`}`);
    }
    if (head.size > records) return damage(f.offset, `the entry at byte ${f.offset} ${signed ? 'signs' : 'reserves'} ${head.size} records, but only ${records} are whole: records a checkpoint covers were lost`);
    scan.guard.remember(head, signed);
  }
  const p = frames.problem;
  if (p !== undefined) {
    if (p.validFrameAfter) return damage(p.offset, `the entry at byte ${p.offset} is damaged (${p.reason}) and whole entries follow it`);
    scan.torn = { offset: p.offset, bytes: buf.subarray(p.offset) };
  }
  return scan;
}

/**
 * The checkpoints file open for appending. Reading it back restores the one-root-per-size
 * rule across restarts.
 */
export class CheckpointFile {
  private constructor(
    private readonly io: FileIo,
    private readonly path: string,
    private readonly guard: CheckpointGuard,
    private readonly fd: number | undefined,
    private end: number,
  ) {}

  /**
   * Makes the scanned file ready to append to (writable opens): created if new, a torn
   * entry cut (its bytes kept), a version 1 file rewritten as version 2.
   */
  static async open(dir: string, scan: CheckpointScan, io: FileIo, readOnly: boolean): Promise<CheckpointFile> {
    const path = checkpointsPath(dir);
    if (readOnly) return new CheckpointFile(io, path, scan.guard, undefined, scan.validEnd);
    if (scan.torn !== undefined) await saveTorn(io, dir, CHECKPOINTS, scan.torn.offset, scan.torn.bytes);
    if (!scan.exists || scan.version !== 2) {
      // New, or version 1: the whole entries under a version 2 header, all of them committed.
      const entries = scan.exists ? readFileSync(path).subarray(scan.headerBytes, scan.validEnd) : Buffer.alloc(0);
      const fd = await createWhole(io, path, Buffer.concat([header(HEADER_BYTES + entries.length), entries]), true);
      await io.syncDirectory(dir);
      return new CheckpointFile(io, path, scan.guard, fd, HEADER_BYTES + entries.length);
    }
    let fd: number;
    try {
      fd = io.open(path, 'r+');
    } catch (e) {
      throw ioError(e, 'opening', path);
    }
    if (scan.torn !== undefined) {
      try {
        io.truncate(fd, scan.torn.offset);
        await syncOrFail(io, fd, path);
      } catch (e) {
        io.close(fd);
        throw ioError(e, 'cutting a torn entry', path, scan.torn.offset);
      }
    }
    return new CheckpointFile(io, path, scan.guard, fd, scan.validEnd);
  }

  /** Durably notes the intent to sign `head` (not committed: nothing has been returned yet). */
  async reserve(head: TreeHead, durable: boolean): Promise<void> {
    if (!this.guard.admit(head)) return; // this root is already reserved or signed at this size
    await this.append(encode([head.logId, head.size, head.root, head.time]), durable, false);
    this.guard.remember(head);
  }

  /** Durably stores a signed checkpoint and commits it, before it is returned. */
  async put(cp: Checkpoint, durable: boolean): Promise<void> {
    this.guard.admit(cp);
    await this.append(encodeCheckpoint(cp), durable, true);
    this.guard.remember(cp, cp);
  }

  signed(): Checkpoint[] {
    return this.guard.signed.slice();
  }

  close(): void {
    if (this.fd !== undefined) this.io.close(this.fd);
  }

  private async append(payload: Uint8Array, durable: boolean, commit: boolean): Promise<void> {
    const buf = Buffer.alloc(frameSize(payload.length));
    writeFrame(buf, 0, payload);
    writeAll(this.io, this.fd!, buf, this.end, this.path);
    if (durable) await syncOrFail(this.io, this.fd!, this.path);
    this.end += buf.length;
    if (commit) {
      writeAll(this.io, this.fd!, header(this.end).subarray(MAGIC_BYTES), MAGIC_BYTES, this.path);
      if (durable) await syncOrFail(this.io, this.fd!, this.path);
    }
  }
}
