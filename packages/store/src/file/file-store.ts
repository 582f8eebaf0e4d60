import { readSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { HASH_BYTES, SuyuanError, type Checkpoint, type TreeHead } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { LogStore, RecoveryReport } from '../log-store.js';
import { checkAppendArguments, checkRange } from '../arguments.js';
import type { CheckpointFile } from './checkpoint-file.js';
import { ioError, nodeFileIo, syncOrFail, writeAll } from './file-io.js';
import type { FileStoreOptions, Options } from './options.js';
import { FRAME_HEADER_BYTES, MAGIC_BYTES, checkFrame, writeFrame } from './frame.js';
import { INDEX_ENTRY_BYTES, indexPath, segmentName } from './layout.js';
import type { DirectoryLock } from './lock.js';
import { openStore } from './open-store.js';
import type { StoreScan } from './recovery.js';
import { indexEntries } from './repair.js';
import { SEGMENT_HEADER_BYTES, createWhole, segmentHeader } from './segment-file.js';

interface Segment {
  number: number;
  path: string;
  /** Open file descriptor, once used. */
  fd: number | undefined;
  /** Where the next frame goes (pending frames included). */
  end: number;
  headerBytes: number;
  /** Seq of its first record (for the header of a segment still to be created). */
  firstSeq: number;
  /** True until the file exists on disk. */
  isNew: boolean;
}

/** Appends not yet written: readable from memory until their commit finishes. */
interface Batch {
  startSeq: number;
  records: Uint8Array[];
  leaves: Uint8Array[];
  bytes: number;
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

/**
 * The embedded default store: one directory per log, records framed (length, CRC-32) in
 * append-only segment files, a fixed-size index for O(1) reads, checkpoints beside them.
 * Open reads and checks everything (see `openStore`): a torn tail is cut back (the dropped
 * bytes kept in a `torn-*.bin` file) and reported; damage fails a writable open with
 * STORE_CORRUPT naming the file and offset, while a read-only open serves the intact
 * prefix and reports it. An append resolves only when every byte of it was written (and
 * synced, per the mode); after a failed write the store refuses everything (STORE_IO) and
 * a reopen finds it whole.
 */
export class FileLogStore implements LogStore {
  readonly recovery: RecoveryReport;
  private readonly segments: Segment[] = [];
  // Per record: segment number, frame offset, payload length (grown by doubling).
  private segOf: Uint32Array;
  private offOf: Uint32Array;
  private lenOf: Uint32Array;
  private count: number;
  /** Records whose frames (synced, per the mode) and index entries are on disk. */
  private written: number;
  /** Read-only opens: leaf hashes as computed from the records on open. */
  private readonly leaves: Uint8Array | undefined;
  private indexFd: number | undefined;
  private current: Batch;
  private inFlight: Batch[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private immediate = false;
  private failure: SuyuanError | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly opts: Options,
    private readonly lock: DirectoryLock | undefined,
    private readonly checkpointFile: CheckpointFile,
    scan: StoreScan,
    recovery: RecoveryReport,
  ) {
    this.recovery = recovery;
    for (const s of scan.segments) this.segments.push({ number: s.number, path: join(dir, s.name), fd: undefined, end: s.validEnd, headerBytes: s.headerBytes, firstSeq: 0, isNew: false });
    this.segOf = scan.segOf;
    this.offOf = scan.offOf;
    this.lenOf = scan.lenOf;
    this.count = this.written = scan.count;
    this.leaves = opts.readOnly ? scan.leaves : undefined;
    this.current = this.newBatch();
  }

  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileLogStore> {
    const opts: Options = {
      mode: options.mode ?? 'sync',
      maxDelayMs: options.maxDelayMs ?? 5,
      maxBatchBytes: options.maxBatchBytes ?? 1 << 20,
      // Offsets are u32 in the index. A record larger than this still fits: it gets a segment of its own.
      maxSegmentBytes: Math.min(options.maxSegmentBytes ?? 64 << 20, 2 ** 32 - 1),
      readOnly: options.readOnly ?? false,
      io: options.io ?? nodeFileIo,
    };
    const opened = await openStore(dir, { create: options.create ?? true, readOnly: opts.readOnly, io: opts.io, crypto: options.crypto ?? nodeCrypto });
    return new FileLogStore(dir, opts, opened.lock, opened.checkpointFile, opened.scan, opened.recovery);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Throws STORE_CORRUPT (with the file and byte offset) if the open found damage: a
   * read-only open of a damaged store serves the intact prefix, which must not be passed
   * on as the whole log.
   */
  async checkIntact(): Promise<void> {
    const c = this.recovery.corruption;
    if (c !== undefined) throw new SuyuanError('STORE_CORRUPT', `the log is damaged: ${c.detail}; only its first ${this.count} records are intact`, { file: join(this.dir, c.file), offset: c.offset });
  }

  append(records: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): Promise<void> {
    try {
      this.usable(true);
      checkAppendArguments(records, leafHashes);
    } catch (e) {
      return Promise.reject(e);
    }
    if (records.length === 0) return this.flush(); // nothing new: durable once what came before is
    const batch = this.current;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      let seg = this.segments.at(-1);
      const frame = FRAME_HEADER_BYTES + r.length;
      if (seg === undefined || (seg.end + frame > this.opts.maxSegmentBytes && seg.end > seg.headerBytes)) seg = this.newSegment();
      this.place(seg.number, seg.end, r.length);
      seg.end += frame;
      batch.records.push(r);
      batch.leaves.push(leafHashes[i]!);
      batch.bytes += frame;
    }
    return new Promise<void>((resolve, reject) => {
      batch.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  async read(seq: number): Promise<Uint8Array> {
    return (await this.readRange(seq, seq + 1))[0]!;
  }

  async readRange(from: number, to: number): Promise<Uint8Array[]> {
    this.usable(false);
    checkRange(from, to, this.count);
    const out: Uint8Array[] = [];
    for (let seq = from; seq < to; seq++) {
      const pending = this.pendingRecord(seq);
      out.push(pending ?? (await this.readFrame(seq)));
    }
    return out;
  }

  async leafHashes(from: number, to: number): Promise<Uint8Array[]> {
    this.usable(false);
    checkRange(from, to, this.count);
    const out: Uint8Array[] = [];
    const onDisk = Math.min(to, this.written);
    if (this.leaves !== undefined) {
      for (let i = from; i < onDisk; i++) out.push(this.leaves.slice(i * HASH_BYTES, (i + 1) * HASH_BYTES));
    } else if (from < onDisk) {
      const buf = Buffer.alloc((onDisk - from) * INDEX_ENTRY_BYTES);
      const at = MAGIC_BYTES + from * INDEX_ENTRY_BYTES;
      const got = readSync(this.index(), buf, 0, buf.length, at);
      for (let i = 0; i < onDisk - from; i++) {
        const e = buf.subarray(i * INDEX_ENTRY_BYTES, (i + 1) * INDEX_ENTRY_BYTES);
        if ((i + 1) * INDEX_ENTRY_BYTES > got || crc32(e.subarray(0, 40)) !== e.readUInt32BE(40)) {
          throw new SuyuanError('STORE_CORRUPT', `index entry ${from + i} is damaged or missing`, { file: indexPath(this.dir), offset: at + i * INDEX_ENTRY_BYTES, seq: from + i });
        }
        out.push(Uint8Array.from(e.subarray(8, 40)));
      }
    }
    for (let seq = Math.max(from, onDisk); seq < to; seq++) out.push(this.pendingLeaf(seq)!);
    return out;
  }

  async reserveCheckpoint(head: TreeHead): Promise<void> {
    this.usable(true);
    this.checkDurable(head);
    await this.failOnIo(this.checkpointFile.reserve(head, this.opts.mode !== 'none'));
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    this.usable(true);
    this.checkDurable(cp);
    await this.failOnIo(this.checkpointFile.put(cp, this.opts.mode !== 'none'));
  }

  async checkpoints(): Promise<Checkpoint[]> {
    this.usable(false);
    return this.checkpointFile.signed();
  }

  /** Commits everything appended so far, now, and waits for it. */
  async flush(): Promise<void> {
    this.usable(false);
    if (this.current.records.length > 0) this.commitNow();
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.failure === undefined && !this.opts.readOnly) await this.flush().catch(() => undefined);
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.chain; // a commit still running keeps its files until it ends
    for (const seg of this.segments) if (seg.fd !== undefined) this.opts.io.close(seg.fd);
    if (this.indexFd !== undefined) this.opts.io.close(this.indexFd);
    this.checkpointFile.close();
    await this.lock?.release();
  }

  // ---- appending ----

  /** A checkpoint may cover only records already durable (STORE_RANGE otherwise). */
  private checkDurable(head: TreeHead): void {
    if (head.size > this.written) throw new SuyuanError('STORE_RANGE', `a checkpoint at size ${head.size}, but only ${this.written} records are durable`, { file: this.dir });
  }

  /** A failed checkpoint write fails the store, as a failed append does. */
  private async failOnIo(p: Promise<void>): Promise<void> {
    try {
      await p;
    } catch (e) {
      if (e instanceof SuyuanError && e.code === 'STORE_IO') this.failure ??= e;
      throw e;
    }
  }

  private newBatch(): Batch {
    return { startSeq: this.count, records: [], leaves: [], bytes: 0, waiters: [] };
  }

  private newSegment(): Segment {
    const number = (this.segments.at(-1)?.number ?? 0) + 1;
    const seg: Segment = { number, path: join(this.dir, segmentName(number)), fd: undefined, end: SEGMENT_HEADER_BYTES, headerBytes: SEGMENT_HEADER_BYTES, firstSeq: this.count, isNew: true };
    this.segments.push(seg);
    return seg;
  }

  private place(segment: number, offset: number, length: number): void {
    if (this.count === this.segOf.length) {
      const grow = (a: Uint32Array) => { const b = new Uint32Array(a.length * 2); b.set(a); return b; };
      this.segOf = grow(this.segOf);
      this.offOf = grow(this.offOf);
      this.lenOf = grow(this.lenOf);
    }
    this.segOf[this.count] = segment;
    this.offOf[this.count] = offset;
    this.lenOf[this.count] = length;
    this.count++;
  }

  private schedule(): void {
    if (this.opts.mode === 'batched' && this.current.bytes < this.opts.maxBatchBytes) {
      this.timer ??= setTimeout(() => this.commitNow(), this.opts.maxDelayMs);
      return;
    }
    // sync and none: commit after the current tick, so appends made together share a write.
    if (!this.immediate) {
      this.immediate = true;
      setImmediate(() => this.commitNow());
    }
  }

  private commitNow(): void {
    this.immediate = false;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.current;
    if (batch.records.length === 0) return;
    this.current = this.newBatch();
    this.inFlight.push(batch);
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure !== undefined) throw this.failure;
        await this.write(batch);
        for (const w of batch.waiters) w.resolve();
      } catch (e) {
        this.failure ??= e instanceof SuyuanError ? e : ioError(e, 'appending', this.dir);
        for (const w of batch.waiters) w.reject(this.failure);
      } finally {
        this.inFlight.shift();
      }
    });
  }

  /**
   * Frames to segments, each written whole and synced (and the directory, for new files),
   * then index entries. So an index entry never exists for a frame that is not durable,
   * and a write that fails or comes back short is never acknowledged.
   */
  private async write(batch: Batch): Promise<void> {
    this.lock?.check();
    const io = this.opts.io;
    const durable = this.opts.mode !== 'none';
    const n = batch.records.length;
    const bySegment = new Map<number, { start: number; parts: Uint8Array[] }>();
    for (let i = 0; i < n; i++) {
      const seq = batch.startSeq + i;
      let group = bySegment.get(this.segOf[seq]!);
      if (group === undefined) bySegment.set(this.segOf[seq]!, (group = { start: this.offOf[seq]!, parts: [] }));
      group.parts.push(batch.records[i]!);
    }
    let newFiles = false;
    for (const [segNo, group] of bySegment) {
      const seg = this.segments[segNo - 1]!;
      let size = 0;
      for (const p of group.parts) size += FRAME_HEADER_BYTES + p.length;
      const buf = Buffer.allocUnsafe(size);
      let o = 0;
      for (const p of group.parts) o = writeFrame(buf, o, p);
      if (seg.isNew) {
        seg.fd = await createWhole(io, seg.path, segmentHeader(seg.firstSeq), durable);
        seg.isNew = false;
        newFiles = true;
      }
      writeAll(io, this.segmentFd(seg), buf, group.start, seg.path);
      if (durable) await syncOrFail(io, this.segmentFd(seg), seg.path);
    }
    if (durable && newFiles) {
      try {
        await io.syncDirectory(this.dir);
      } catch (e) {
        throw ioError(e, 'syncing the directory', this.dir);
      }
    }
    const entries = indexEntries({ count: n, segOf: this.segOf.subarray(batch.startSeq), offOf: this.offOf.subarray(batch.startSeq), lenOf: this.lenOf, leaves: concatLeaves(batch.leaves) }, 0, n);
    writeAll(io, this.index(), entries, MAGIC_BYTES + batch.startSeq * INDEX_ENTRY_BYTES, indexPath(this.dir));
    this.written = batch.startSeq + n;
  }

  // ---- reading ----

  private pendingRecord(seq: number): Uint8Array | undefined {
    for (const b of [...this.inFlight, this.current]) {
      if (seq >= b.startSeq && seq < b.startSeq + b.records.length) return b.records[seq - b.startSeq];
    }
    return undefined;
  }

  private pendingLeaf(seq: number): Uint8Array | undefined {
    for (const b of [...this.inFlight, this.current]) {
      if (seq >= b.startSeq && seq < b.startSeq + b.leaves.length) return b.leaves[seq - b.startSeq];
    }
    return undefined;
  }

  private async readFrame(seq: number): Promise<Uint8Array> {
    const seg = this.segments[this.segOf[seq]! - 1]!;
    const offset = this.offOf[seq]!;
    const length = this.lenOf[seq]!;
    const buf = Buffer.alloc(FRAME_HEADER_BYTES + length);
    const bytesRead = readSync(this.segmentFd(seg), buf, 0, buf.length, offset);
    const check = checkFrame(buf, 0, bytesRead);
    if (!check.ok || check.end !== buf.length) throw new SuyuanError('STORE_CORRUPT', `record ${seq} is damaged on disk (${check.ok ? 'length' : check.reason})`, { file: seg.path, offset, seq });
    return new Uint8Array(buf.buffer, buf.byteOffset + FRAME_HEADER_BYTES, length);
  }

  private segmentFd(seg: Segment): number {
    try {
      seg.fd ??= this.opts.io.open(seg.path, this.opts.readOnly ? 'r' : 'r+');
    } catch (e) {
      throw ioError(e, 'opening', seg.path);
    }
    return seg.fd;
  }

  private index(): number {
    try {
      this.indexFd ??= this.opts.io.open(indexPath(this.dir), this.opts.readOnly ? 'r' : 'r+');
    } catch (e) {
      throw ioError(e, 'opening', indexPath(this.dir));
    }
    return this.indexFd;
  }

  private usable(writing: boolean): void {
    if (this.closed) throw new SuyuanError('STORE_CLOSED', 'the store is closed', { file: this.dir });
    if (this.failure !== undefined) throw this.failure;
    if (writing && this.opts.readOnly) throw new SuyuanError('STORE_READ_ONLY', 'opened read-only', { file: this.dir });
  }
}

function concatLeaves(leaves: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(leaves.length * HASH_BYTES);
  leaves.forEach((l, i) => out.set(l, i * HASH_BYTES));
  return out;
}
