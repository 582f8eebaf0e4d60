import { closeSync, existsSync, fdatasync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { SuyuanError, type Checkpoint, type TreeHead } from '@suyuan/core';
import type { DurabilityMode, LogStore, RecoveryReport } from '../log-store.js';
import { checkAppendArguments, checkRange } from '../arguments.js';
import { CheckpointFile } from './checkpoint-file.js';
import { FRAME_HEADER_BYTES, MAGIC_BYTES, SEGMENT_MAGIC, checkFrame, writeFrame } from './frame.js';
import { INDEX_ENTRY_BYTES, indexPath, segmentName } from './layout.js';
import { DirectoryLock } from './lock.js';
import { scanStore, type StoreScan } from './recovery.js';
import { repair } from './repair.js';
import { syncDirectory } from './sync-directory.js';

export interface FileStoreOptions {
  /** When appends resolve; see `DurabilityMode`. Default `sync`. */
  mode?: DurabilityMode;
  /** `batched`: the longest an append waits for others to share its fsync. Default 5 ms. */
  maxDelayMs?: number;
  /** `batched`: commit at once when this many bytes are waiting. Default 1 MiB. */
  maxBatchBytes?: number;
  /** A new segment file is started past this size. Default 64 MiB. */
  maxSegmentBytes?: number;
  /** Create the directory if it does not exist. Default true. */
  create?: boolean;
  /** Open without the writer lock and without repairing anything, to read what is intact (even of a damaged store). */
  readOnly?: boolean;
}

const datasync = promisify(fdatasync);

interface Segment {
  number: number;
  path: string;
  /** Open file descriptor, once used. */
  fd: number | undefined;
  /** Where the next frame goes (pending frames included). */
  end: number;
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
 * Open scans everything: a torn tail is cut back (the dropped bytes kept in a `torn-*.bin`
 * file) and reported; damage before the end fails a writable open with STORE_CORRUPT naming
 * the file and offset, while a read-only open serves the intact prefix.
 */
export class FileLogStore implements LogStore {
  readonly recovery: RecoveryReport;
  private readonly segments: Segment[] = [];
  // Per record: segment number, frame offset, payload length (grown by doubling).
  private segOf = new Uint32Array(1024);
  private offOf = new Uint32Array(1024);
  private lenOf = new Uint32Array(1024);
  private count = 0;
  /** Records whose frames and index entries are on disk. */
  private written = 0;
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
    private readonly opts: Required<Omit<FileStoreOptions, 'create'>>,
    private readonly lock: DirectoryLock | undefined,
    private readonly checkpointFile: CheckpointFile,
    scan: StoreScan,
    recovery: RecoveryReport,
  ) {
    this.recovery = recovery;
    for (const s of scan.segments) this.segments.push({ number: s.number, path: join(dir, s.name), fd: undefined, end: s.validEnd, isNew: false });
    for (const r of scan.records) this.place(r.segment, r.offset, r.length);
    this.written = this.count;
    this.current = this.newBatch();
  }

  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileLogStore> {
    const opts = {
      mode: options.mode ?? 'sync',
      maxDelayMs: options.maxDelayMs ?? 5,
      maxBatchBytes: options.maxBatchBytes ?? 1 << 20,
      // Offsets are u32 in the index. A record larger than this still fits: it gets a segment of its own.
      maxSegmentBytes: Math.min(options.maxSegmentBytes ?? 64 << 20, 2 ** 32 - 1),
      readOnly: options.readOnly ?? false,
    };
    if (!existsSync(dir)) {
      if (options.create === false || opts.readOnly) throw new SuyuanError('STORE_NOT_FOUND', 'no store here', { file: dir });
      mkdirSync(dir, { recursive: true });
    }
    const lock = opts.readOnly ? undefined : DirectoryLock.acquire(dir);
    try {
      const scan = scanStore(dir);
      const cpScan = CheckpointFile.scan(dir);
      const corruption = scan.corruption ?? cpScan.corruption;
      if (corruption !== undefined && !opts.readOnly) {
        throw new SuyuanError('STORE_CORRUPT', `${corruption.detail}; open read-only to read the ${scan.records.length} intact records`, { file: join(dir, corruption.file), offset: corruption.offset });
      }
      const recovery: RecoveryReport = { records: scan.records.length, indexRebuilt: scan.records.length - scan.indexValidEntries };
      if (corruption !== undefined) recovery.corruption = corruption;
      if (scan.tornTail !== undefined) {
        const t = scan.tornTail;
        recovery.tornTail = { file: t.segment.name, offset: t.offset, bytesDropped: t.bytes.length };
      }
      if (!opts.readOnly) await repair(dir, scan);
      const checkpointFile = await CheckpointFile.open(dir, cpScan, opts.readOnly);
      return new FileLogStore(dir, opts, lock, checkpointFile, scan, recovery);
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  get size(): number {
    return this.count;
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
      if (seg === undefined || (seg.end + frame > this.opts.maxSegmentBytes && seg.end > MAGIC_BYTES)) seg = this.newSegment();
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
    if (from < onDisk) {
      const buf = Buffer.alloc((onDisk - from) * INDEX_ENTRY_BYTES);
      readSync(this.index(), buf, 0, buf.length, MAGIC_BYTES + from * INDEX_ENTRY_BYTES);
      for (let i = 0; i < onDisk - from; i++) {
        const e = buf.subarray(i * INDEX_ENTRY_BYTES, (i + 1) * INDEX_ENTRY_BYTES);
        if (crc32(e.subarray(0, 40)) !== e.readUInt32BE(40)) throw new SuyuanError('STORE_CORRUPT', `index entry ${from + i} is damaged`, { file: indexPath(this.dir), offset: MAGIC_BYTES + (from + i) * INDEX_ENTRY_BYTES });
        out.push(Uint8Array.from(e.subarray(8, 40)));
      }
    }
    for (let seq = Math.max(from, onDisk); seq < to; seq++) out.push(this.pendingLeaf(seq)!);
    return out;
  }

  async reserveCheckpoint(head: TreeHead): Promise<void> {
    this.usable(true);
    await this.checkpointFile.reserve(head, this.opts.mode !== 'none');
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    this.usable(true);
    await this.checkpointFile.put(cp, this.opts.mode !== 'none');
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
    for (const seg of this.segments) if (seg.fd !== undefined) closeSync(seg.fd);
    if (this.indexFd !== undefined) closeSync(this.indexFd);
    await this.checkpointFile.close();
    this.lock?.release();
  }

  // ---- appending ----

  private newBatch(): Batch {
    return { startSeq: this.count, records: [], leaves: [], bytes: 0, waiters: [] };
  }

  private newSegment(): Segment {
    const number = (this.segments.at(-1)?.number ?? 0) + 1;
    const seg: Segment = { number, path: join(this.dir, segmentName(number)), fd: undefined, end: MAGIC_BYTES, isNew: true };
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
        this.failure ??= e instanceof SuyuanError ? e : new SuyuanError('STORE_IO', `write failed: ${(e as Error).message}`, { file: this.dir });
        for (const w of batch.waiters) w.reject(this.failure);
      } finally {
        this.inFlight.shift();
      }
    });
  }

  /** Frames to segments, fsync (and the directory's, for new files), then index entries. */
  private async write(batch: Batch): Promise<void> {
    const durable = this.opts.mode !== 'none';
    const n = batch.records.length;
    const bySegment = new Map<number, { start: number; parts: Uint8Array[] }>();
    const entries = Buffer.alloc(n * INDEX_ENTRY_BYTES);
    for (let i = 0; i < n; i++) {
      const seq = batch.startSeq + i;
      const segNo = this.segOf[seq]!;
      let group = bySegment.get(segNo);
      if (group === undefined) bySegment.set(segNo, (group = { start: this.offOf[seq]!, parts: [] }));
      group.parts.push(batch.records[i]!);
      const e = entries.subarray(i * INDEX_ENTRY_BYTES, (i + 1) * INDEX_ENTRY_BYTES);
      e.writeUInt32BE(segNo, 0);
      e.writeUInt32BE(this.offOf[seq]!, 4);
      e.set(batch.leaves[i]!, 8);
      e.writeUInt32BE(crc32(e.subarray(0, 40)), 40);
    }
    // Writes go to the page cache synchronously (microseconds); only the fsyncs wait on the
    // thread pool, so a commit costs one round trip per touched segment.
    let newFiles = false;
    for (const [segNo, group] of bySegment) {
      const seg = this.segments[segNo - 1]!;
      let size = 0;
      for (const p of group.parts) size += FRAME_HEADER_BYTES + p.length;
      const buf = Buffer.allocUnsafe(size);
      let o = 0;
      for (const p of group.parts) o = writeFrame(buf, o, p);
      if (seg.isNew) {
        seg.fd = await createSegment(seg.path, durable);
        seg.isNew = false;
        newFiles = true;
      }
      const fd = this.segmentFd(seg);
      writeSync(fd, buf, 0, size, group.start);
      if (durable) await datasync(fd);
    }
    if (durable && newFiles) await syncDirectory(this.dir);
    writeSync(this.index(), entries, 0, entries.length, MAGIC_BYTES + batch.startSeq * INDEX_ENTRY_BYTES);
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
    seg.fd ??= openSync(seg.path, this.opts.readOnly ? 'r' : 'r+');
    return seg.fd;
  }

  private index(): number {
    this.indexFd ??= openSync(indexPath(this.dir), this.opts.readOnly ? 'r' : 'r+');
    return this.indexFd;
  }

  private usable(writing: boolean): void {
    if (this.closed) throw new SuyuanError('STORE_CLOSED', 'the store is closed', { file: this.dir });
    if (this.failure !== undefined) throw this.failure;
    if (writing && this.opts.readOnly) throw new SuyuanError('STORE_READ_ONLY', 'opened read-only', { file: this.dir });
  }
}

/**
 * A segment appears whole or not at all: its header is written to a temporary file, which
 * is then renamed into place (the caller fsyncs the directory).
 */
async function createSegment(path: string, durable: boolean): Promise<number> {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w+');
  writeSync(fd, SEGMENT_MAGIC, 0, MAGIC_BYTES, 0);
  if (durable) await datasync(fd);
  renameSync(tmp, path);
  return fd;
}
