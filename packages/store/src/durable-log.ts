import {
  CompactRange, LogWriter, SuyuanError, bytesEqual, decodeRecord, signCheckpoint, suiteCrypto, type AppendedRecord, type Checkpoint, type CryptoProvider,
  type EventInput, type GenesisInput, type Signer,
} from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { LogStore } from './log-store.js';

export interface DurableLogOptions {
  crypto?: CryptoProvider;
  clock?: () => number;
}

/**
 * A log writer whose appends are persisted in a store: `append` resolves when the record is
 * durable (per the store's mode), and `checkpoint` makes everything durable, records its
 * intent, signs, and stores the signature before returning it — so a crash can never lead to
 * two different roots signed at one size.
 */
export class DurableLog {
  private failure: unknown;

  private constructor(private readonly writer: LogWriter, private readonly signer: Signer, readonly store: LogStore) {}

  /** Starts a new log in an empty store. */
  static async create(store: LogStore, signer: Signer, genesis: GenesisInput, opts: DurableLogOptions = {}): Promise<DurableLog> {
    if (store.size !== 0) throw new SuyuanError('STORE_EXISTS', `the store already holds a log of ${store.size} records`);
    const crypto = opts.crypto ?? nodeCrypto;
    const writer = LogWriter.create(signer, genesis, { crypto, ...(opts.clock ? { clock: opts.clock } : {}) });
    await store.append([writer.genesis], [writer.logId]);
    return new DurableLog(writer, signer, store);
  }

  /** Carries on the log in `store`; the signer must be its author. */
  static async open(store: LogStore, signer: Signer, opts: DurableLogOptions = {}): Promise<DurableLog> {
    const size = store.size;
    if (size === 0) throw new SuyuanError('STORE_NOT_FOUND', 'the store holds no log');
    const crypto = opts.crypto ?? nodeCrypto;
    const [genesis] = await store.readRange(0, 1);
    const leaves = await store.leafHashes(0, size);
    const range = CompactRange.empty(suiteCrypto(signer.suite, crypto)); // the tree of the log's own suite (SHA-256 or SM3)
    for (const l of leaves) range.append(l);
    const last = decodeRecord(await store.read(size - 1));
    const logId = leaves[0]!;
    if (last.seq !== size - 1 || (size > 1 && !bytesEqual(last.logId, logId))) {
      throw new SuyuanError('STORE_CORRUPT', `the last stored record (seq ${last.seq}) does not belong at ${size - 1} of this log`);
    }
    const state = { genesis: genesis!, size, lastLeafHash: leaves[size - 1]!, lastTime: last.time, range: range.state().hashes };
    const writer = LogWriter.resume(signer, state, { crypto, ...(opts.clock ? { clock: opts.clock } : {}) });
    return new DurableLog(writer, signer, store);
  }

  get logId(): Uint8Array {
    return this.writer.logId;
  }

  get size(): number {
    return this.writer.size;
  }

  async append(event: EventInput): Promise<AppendedRecord> {
    return (await this.appendBatch([event]))[0]!;
  }

  /** All or nothing in the log; resolves when every record of the batch is durable. */
  appendBatch(events: readonly EventInput[]): Promise<AppendedRecord[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let appended: AppendedRecord[];
    try {
      appended = this.writer.appendBatch(events);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.store.append(appended.map((r) => r.bytes), appended.map((r) => r.leafHash)).then(
      () => appended,
      (e) => {
        // The writer is now ahead of what is stored: refuse everything from here on.
        this.failure ??= e;
        throw e;
      },
    );
  }

  /**
   * Takes the tree head, makes every record under it durable, reserves the head, signs,
   * stores the signature; only then returns it. The head is taken before the flush, so an
   * append made while the flush runs is not signed (it may not be durable yet).
   */
  async checkpoint(time?: number): Promise<Checkpoint> {
    if (this.failure !== undefined) throw this.failure;
    const head = this.writer.treeHead(time);
    await this.store.flush();
    await this.store.reserveCheckpoint(head);
    const cp = await signCheckpoint(this.signer, head); // exactly the head reserved, whatever was appended since
    await this.store.putCheckpoint(cp);
    return cp;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
