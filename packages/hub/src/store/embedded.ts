import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompactRange, SuyuanError, bytesEqual, suiteCrypto, decodeCosignature, decodeRecord, encodeCosignature, fromHex, genesisInfo, isSuyuanError, toHex,
  type Checkpoint, type Cosignature,
} from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore, type DurabilityMode } from '@suyuan/store';
import { HubError } from '../errors.js';
import { FramedFile, syncDirectory } from './framed-file.js';
import { authorityState, type AppendBatch, type HubStore, type StoredLog, type TraceCodeHit } from './hub-store.js';

interface Entry {
  dir: string;
  records: FileLogStore;
  cosignatures: FramedFile;
  evidence: FramedFile;
  /** size:witness:root of every cosignature kept, so a re-push does not store it again. */
  cosigned: Set<string>;
  /** Undefined until a first push has committed. */
  state: StoredLog | undefined;
}

export interface EmbeddedOptions {
  /** Durability of record appends (see @suyuan/store). Default `sync`: a push is acknowledged once fsynced. */
  mode?: DurabilityMode;
}

const PIECE = 10_000;

/**
 * The embedded backend: a directory, one @suyuan/store FileLogStore per log (its torn-tail
 * recovery, fsync discipline, one-root-per-size checkpoint file and writer lock), plus two
 * framed, fsynced files per log for cosignatures and fork evidence.
 *
 * Commit order: the records (fsynced), then the checkpoint that covers them (the file store
 * refuses a checkpoint past its durable records). A crash between the two leaves records no
 * stored checkpoint covers: on open, a log is served only up to its largest stored checkpoint,
 * so they are never served. The next push re-sends them and they are compared byte for byte
 * (the file store cannot cut them off, so a different history there is refused for good: its
 * author had signed the first one).
 */
export class EmbeddedHubStore implements HubStore {
  readonly kind = 'embedded';
  private readonly entries = new Map<string, Entry>();
  private readonly traceIndex = new Map<string, TraceCodeHit[]>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private closed = false;

  private constructor(private readonly dir: string, private readonly mode: DurabilityMode) {}

  static async open(dir: string, opts: EmbeddedOptions = {}): Promise<EmbeddedHubStore> {
    const hub = new EmbeddedHubStore(dir, opts.mode ?? 'sync');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    try {
      for (const name of readdirSync(join(dir, 'logs')).sort()) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        await hub.openEntry(name, false);
      }
    } catch (e) {
      await hub.close();
      throw e;
    }
    return hub;
  }

  private async openEntry(hex: string, create: boolean): Promise<Entry> {
    const dir = join(this.dir, 'logs', hex);
    if (create) {
      mkdirSync(dir, { recursive: true });
      await syncDirectory(join(this.dir, 'logs'));
    }
    const records = await FileLogStore.open(join(dir, 'log'), { mode: this.mode });
    const entry: Entry = { dir, records, cosignatures: await FramedFile.open(join(dir, 'cosignatures')), evidence: await FramedFile.open(join(dir, 'evidence')), cosigned: new Set(), state: undefined };
    for (const b of entry.cosignatures.entries) entry.cosigned.add(cosignedKey(decodeCosignature(b)));
    this.entries.set(hex, entry);
    const cps = await records.checkpoints();
    const size = cps.filter((c) => c.size <= records.size).reduce((m, c) => Math.max(m, c.size), 0);
    if (size > 0) entry.state = await this.rebuildState(fromHex(hex), records, size);
    return entry;
  }

  /** What a log's files say, recomputed on open: the tip, the compact range, the trace codes. */
  private async rebuildState(logId: Uint8Array, records: FileLogStore, size: number): Promise<StoredLog> {
    const info = genesisInfo(decodeRecord(await records.read(0)));
    const range = CompactRange.empty(suiteCrypto(info.suite, nodeCrypto));
    let lastTime = 0;
    for (let i = 0; i < size; i += PIECE) {
      const to = Math.min(size, i + PIECE);
      for (const h of await records.leafHashes(i, to)) range.append(h);
      (await records.readRange(i, to)).forEach((bytes, j) => {
        const rec = decodeRecord(bytes);
        lastTime = rec.time;
        this.indexTraceCode(rec.body.traceCode, logId, i + j);
      });
    }
    const lastLeaf = (await records.leafHashes(size - 1, size))[0]!;
    return { logId, author: info.author, suite: info.suite, enterprise: info.enterprise, size, lastLeaf, lastTime, frontier: range.state().hashes };
  }

  private indexTraceCode(code: unknown, logId: Uint8Array, seq: number): void {
    if (typeof code !== 'string' || code.length === 0 || code.length > 256) return;
    const hits = this.traceIndex.get(code) ?? [];
    hits.push({ logId, seq });
    this.traceIndex.set(code, hits);
  }

  /** One commit per log at a time: the size check and the write are one step. */
  private exclusive<T>(hex: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(hex) ?? Promise.resolve();
    const run = before.then(fn, fn);
    this.locks.set(hex, run.catch(() => undefined));
    return run;
  }

  private usable(): void {
    if (this.closed) throw new HubError('HUB_UNAVAILABLE', 503, 'the store is closed');
  }

  private entry(logId: Uint8Array): Entry & { state: StoredLog } {
    this.usable();
    const e = this.entries.get(toHex(logId));
    if (e?.state === undefined) throw new HubError('HUB_UNKNOWN_LOG', 404, 'no such log on this hub');
    return e as Entry & { state: StoredLog };
  }

  async ready(): Promise<void> {
    this.usable();
  }

  async log(logId: Uint8Array): Promise<StoredLog | undefined> {
    this.usable();
    const s = this.entries.get(toHex(logId))?.state;
    return s === undefined ? undefined : { ...s, frontier: s.frontier.slice() };
  }

  async logs(): Promise<StoredLog[]> {
    this.usable();
    return [...this.entries.values()].flatMap((e) => (e.state === undefined ? [] : [{ ...e.state }]));
  }

  async logsByAuthor(authors: readonly Uint8Array[]): Promise<StoredLog[]> {
    const wanted = new Set(authors.map(toHex));
    return (await this.logs()).filter((l) => wanted.has(toHex(l.author)));
  }

  append(batch: AppendBatch): Promise<void> {
    this.usable();
    const hex = toHex(batch.logId);
    return this.exclusive(hex, async () => {
      let e = this.entries.get(hex);
      const size = e?.state?.size ?? 0;
      if (batch.from !== size) throw new HubError('HUB_CONFLICT', 409, `the log is at ${size}, not ${batch.from}`);
      if (size > 0 && !bytesEqual(batch.prev, e!.state!.lastLeaf)) throw new HubError('HUB_CONFLICT', 409, 'the batch does not continue the stored last leaf');
      if (size === 0 && batch.genesis === undefined) throw new HubError('HUB_INTERNAL', 500, 'a new log needs its genesis');
      if (batch.authorities !== undefined && authorityState(await this.logsByAuthor(batch.authorities.authors)) !== batch.authorities.state) {
        throw new HubError('HUB_CONFLICT', 409, 'the authority logs changed since the push was checked');
      }
      e ??= await this.openEntry(hex, true);
      // Records an interrupted push left past the served size must be these very ones.
      const left = Math.min(e.records.size, batch.from + batch.records.length) - batch.from;
      if (left > 0) {
        const have = await e.records.leafHashes(batch.from, batch.from + left);
        if (have.some((h, i) => !bytesEqual(h, batch.leafHashes[i]!))) throw new HubError('HUB_FORK', 409, 'records an interrupted earlier push left differ from these');
      }
      // Records first (durable when append resolves), then the checkpoint that makes them visible.
      if (left < batch.records.length) await e.records.append(batch.records.slice(left), batch.leafHashes.slice(left));
      try {
        await e.records.putCheckpoint(batch.checkpoint);
      } catch (err) {
        if (isSuyuanError(err, 'STORE_CHECKPOINT_CONFLICT')) throw new HubError('HUB_FORK', 409, `another root is stored at size ${batch.checkpoint.size}`);
        throw err;
      }
      const end = batch.from + batch.records.length;
      e.state = {
        logId: batch.logId,
        author: e.state?.author ?? batch.genesis!.author,
        suite: e.state?.suite ?? batch.genesis!.suite,
        enterprise: e.state?.enterprise ?? batch.genesis!.enterprise,
        size: end,
        lastLeaf: batch.leafHashes[batch.leafHashes.length - 1]!,
        lastTime: batch.lastTime,
        frontier: batch.frontier.slice(),
      };
      for (const t of batch.traceCodes) this.indexTraceCode(t.code, batch.logId, t.seq);
      if (batch.cosignature !== undefined) await this.putCosignature(batch.cosignature);
    });
  }

  private range(e: Entry & { state: StoredLog }, from: number, to: number): void {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from || to > e.state.size) {
      throw new HubError('HUB_RANGE', 416, `[${from}, ${to}) is not within the ${e.state.size} records stored`);
    }
  }

  async records(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]> {
    const e = this.entry(logId);
    this.range(e, from, to);
    return from === to ? [] : e.records.readRange(from, to);
  }

  async leafHashes(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]> {
    const e = this.entry(logId);
    this.range(e, from, to);
    return from === to ? [] : e.records.leafHashes(from, to);
  }

  async checkpoints(logId: Uint8Array): Promise<Checkpoint[]> {
    const e = this.entry(logId);
    return (await e.records.checkpoints()).filter((c) => c.size <= e.state.size).sort((a, b) => a.size - b.size || a.time - b.time);
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    const e = this.entry(cp.logId);
    if (cp.size > e.state.size) throw new HubError('HUB_INTERNAL', 500, 'a checkpoint past the stored records');
    try {
      await e.records.putCheckpoint(cp);
    } catch (err) {
      if (err instanceof SuyuanError && err.code === 'STORE_CHECKPOINT_CONFLICT') throw new HubError('HUB_FORK', 409, `another root is stored at size ${cp.size}`);
      throw err;
    }
  }

  async cosignatures(logId: Uint8Array): Promise<Cosignature[]> {
    return this.entry(logId).cosignatures.entries.map(decodeCosignature);
  }

  async putCosignature(cs: Cosignature): Promise<void> {
    const e = this.entry(cs.logId);
    const key = cosignedKey(cs);
    if (e.cosigned.has(key)) return;
    await e.cosignatures.append(encodeCosignature(cs));
    e.cosigned.add(key);
  }

  async evidence(logId: Uint8Array): Promise<Uint8Array[]> {
    return this.entry(logId).evidence.entries.slice();
  }

  async putEvidence(logId: Uint8Array, evidence: Uint8Array): Promise<void> {
    await this.entry(logId).evidence.append(evidence);
  }

  async traceCode(code: string): Promise<TraceCodeHit[]> {
    this.usable();
    return (this.traceIndex.get(code) ?? []).slice();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.locks.values());
    for (const e of this.entries.values()) {
      await e.records.close();
      await e.cosignatures.close();
      await e.evidence.close();
    }
  }
}

/** One cosignature per (size, witness, root) is enough: re-pushes do not grow the file. */
function cosignedKey(cs: Cosignature): string {
  return `${cs.size}:${toHex(cs.witness)}:${toHex(cs.root)}`;
}
