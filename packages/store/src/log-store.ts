import type { Checkpoint, TreeHead } from '@suyuan/core';

/**
 * When an append's promise resolves:
 * - `sync`: after its records (and any new file's directory entry) are fsynced; concurrent
 *   appends may share one fsync, none waits for another;
 * - `batched`: group commit: appends wait up to `maxDelayMs` (or until `maxBatchBytes` are
 *   pending) and then share one fsync. Still durable when resolved; fewer fsyncs, more latency;
 * - `none`: after the OS has the bytes, without fsync (a power cut may lose them; a killed
 *   process does not). For tests and benchmarks against stores that never fsync.
 */
export type DurabilityMode = 'sync' | 'batched' | 'none';

/** What opening a store had to repair or found damaged. */
export interface RecoveryReport {
  /** Records found intact. */
  records: number;
  /**
   * A torn tail (a crash's unacknowledged write) cut back on open: where, and how many
   * bytes were dropped (kept in a `torn-*.bin` file). A read-only open reports it and cuts nothing.
   */
  tornTail?: { file: string; offset: number; bytesDropped: number };
  /** The same, for the checkpoints file: a reservation or a checkpoint that was being stored when the writer stopped. */
  checkpointsTornTail?: { file: string; offset: number; bytesDropped: number };
  /** Index entries rebuilt from the segments (the index lagged or was damaged at its end). */
  indexRebuilt: number;
  /**
   * Damage: the file (a name inside the log's directory) and the byte offset where it is.
   * Only a read-only open reports it (and serves the records before it); a writable open
   * fails with STORE_CORRUPT instead.
   */
  corruption?: { file: string; offset: number; detail: string };
}

/**
 * Where one log's records and checkpoints live. Deliberately small, and with nothing about
 * files in it, so a database server can implement it too.
 */
export interface LogStore {
  /** Number of records stored, genesis included. Includes appends not yet durable. */
  readonly size: number;
  readonly recovery: RecoveryReport;
  /**
   * Appends records (with their leaf hashes) after the last one. The promise resolves when
   * they are durable per the store's mode; records become readable at once.
   */
  append(records: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): Promise<void>;
  /** One record by seq; `STORE_RANGE` if absent. */
  read(seq: number): Promise<Uint8Array>;
  /** Records [from, to). */
  readRange(from: number, to: number): Promise<Uint8Array[]>;
  /** Leaf hashes [from, to), as stored beside the records. */
  leafHashes(from: number, to: number): Promise<Uint8Array[]>;
  /**
   * Durably records the intent to sign `head`. Refuses with `STORE_CHECKPOINT_CONFLICT` if
   * another root was reserved or signed at the same size (the same root is accepted again),
   * and with `STORE_RANGE` if `head.size` records are not all durable yet.
   */
  reserveCheckpoint(head: TreeHead): Promise<void>;
  /** Durably stores a signed checkpoint, under the same rule. */
  putCheckpoint(cp: Checkpoint): Promise<void>;
  checkpoints(): Promise<Checkpoint[]>;
  /** Makes every append so far durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
