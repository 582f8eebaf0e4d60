import { toHex, type Checkpoint, type Cosignature, type SuiteName } from '@suyuan/core';

/** What the hub knows of one log: enough to check the next push without reading the log. */
export interface StoredLog {
  logId: Uint8Array;
  /** The genesis author key: the only key whose checkpoints this log accepts. */
  author: Uint8Array;
  /** The genesis's crypto suite: which hash and signature this log's tree and checkpoints use. */
  suite: SuiteName;
  enterprise: string;
  /** Records stored, all covered by a stored checkpoint (the latest has this size). */
  size: number;
  /** Leaf hash and time of record `size - 1`: what the next record must continue. */
  lastLeaf: Uint8Array;
  lastTime: number;
  /** The compact range of the tree at `size` (CompactRange.state().hashes). */
  frontier: Uint8Array[];
}

/** Records [from, from + records.length) and the checkpoint that covers exactly them. */
export interface AppendBatch {
  logId: Uint8Array;
  /** Must equal the stored size at commit time, else `HUB_CONFLICT` (another push won). */
  from: number;
  records: readonly Uint8Array[];
  leafHashes: readonly Uint8Array[];
  /** `prev` of the first record: checked against the stored last leaf inside the commit. */
  prev: Uint8Array;
  checkpoint: Checkpoint;
  /** State after the batch. */
  frontier: Uint8Array[];
  lastTime: number;
  /** For a new log (from = 0). */
  genesis?: { author: Uint8Array; suite: SuiteName; enterprise: string };
  /** Trace codes the batch's records print, for consumer lookups. */
  traceCodes: readonly { code: string; seq: number }[];
  /** The hub's cosignature of `checkpoint`, stored with the batch. */
  cosignature?: Cosignature;
  /**
   * The authority logs (of these author keys) as the push's enrolment check saw them
   * (`authorityState`): if they are otherwise at commit time, `HUB_CONFLICT` and nothing stored.
   */
  authorities?: { authors: readonly Uint8Array[]; state: string };
}

/** The authority logs' ids and sizes in one string ("hex:size,…" by log id): equal strings, same enrolments. */
export function authorityState(logs: readonly Pick<StoredLog, 'logId' | 'size'>[]): string {
  return logs.map((l) => `${toHex(l.logId)}:${l.size}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

/** Where a trace code was recorded. */
export interface TraceCodeHit {
  logId: Uint8Array;
  seq: number;
}

/**
 * All hub state, behind one interface (the hub processes keep none of their own). A backend
 * enforces one history per log: `append` commits all or nothing, only at the stored size,
 * only continuing the stored last leaf, and a log never holds records no stored checkpoint
 * covers. One conformance suite runs against every backend.
 */
export interface HubStore {
  readonly kind: string;
  /** Throws `HUB_UNAVAILABLE` if the backend cannot serve now. */
  ready(): Promise<void>;
  log(logId: Uint8Array): Promise<StoredLog | undefined>;
  logs(): Promise<StoredLog[]>;
  /** Logs whose genesis author is one of these keys (the authority logs, for the trust anchors). */
  logsByAuthor(authors: readonly Uint8Array[]): Promise<StoredLog[]>;
  append(batch: AppendBatch): Promise<void>;
  /** Records [from, to); `HUB_RANGE` past the stored size. */
  records(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]>;
  leafHashes(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]>;
  /** Every stored checkpoint, by increasing size. */
  checkpoints(logId: Uint8Array): Promise<Checkpoint[]>;
  /** Another checkpoint at a stored size (its root already checked by the caller); a known one is a no-op. */
  putCheckpoint(cp: Checkpoint): Promise<void>;
  cosignatures(logId: Uint8Array): Promise<Cosignature[]>;
  putCosignature(cs: Cosignature): Promise<void>;
  /** Fork evidence, each an encoded CBOR map (see docs/HUB.md). */
  evidence(logId: Uint8Array): Promise<Uint8Array[]>;
  putEvidence(logId: Uint8Array, evidence: Uint8Array): Promise<void>;
  traceCode(code: string): Promise<TraceCodeHit[]>;
  /**
   * Optional: a backend that several processes write (PostgreSQL) may tell when any of them
   * stored records, so a process's derived state need not ask the database on every read.
   * `live(false)` while it cannot tell (then the reader must ask each time), `live(true)` again
   * once it can (followed by `changed()`).
   */
  watch?(listener: StoreWatcher): void;
  close(): Promise<void>;
}

export interface StoreWatcher {
  changed(): void;
  live(ok: boolean): void;
}
