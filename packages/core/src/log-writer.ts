import type { CborMap } from './cbor/value.js';
import { signCheckpoint, type Checkpoint, type TreeHead } from './checkpoint.js';
import { nobleCrypto } from './crypto/noble.js';
import type { CryptoProvider, Signer, SuiteCrypto } from './crypto/provider.js';
import { suiteCrypto } from './crypto/suites.js';
import { bytesEqual } from './bytes.js';
import { SuyuanError } from './errors.js';
import { CompactRange } from './merkle/compact-range.js';
import { decodeRecord, encodeRecord, GENESIS_KIND, genesisInfo, RECORD_VERSION, ZERO_HASH, type RecordRef } from './record.js';

/** What a caller records; the writer fills in log id, seq, prev and (by default) time. */
export interface EventInput {
  kind: string;
  body: { [key: string]: unknown };
  refs?: RecordRef[];
  /** Milliseconds since the epoch, UTC; defaults to the clock, never before the previous record. */
  time?: number;
}

export interface AppendedRecord {
  seq: number;
  time: number;
  leafHash: Uint8Array;
  bytes: Uint8Array;
}

export interface WriterOptions {
  /** The provider family (default `nobleCrypto`); the signer's suite picks the provider in it. */
  crypto?: CryptoProvider;
  clock?: () => number;
}

export interface GenesisInput {
  enterprise: string;
  meta?: CborMap;
  time?: number;
}

/** What a writer needs to carry on after a restart; a store keeps it beside the records. */
export interface WriterState {
  genesis: Uint8Array;
  size: number;
  lastLeafHash: Uint8Array;
  lastTime: number;
  /** The compact range's hashes (see `CompactRange.state()`). */
  range: Uint8Array[];
}

/**
 * Appends records to one log: encodes, links each to the previous leaf hash, and keeps the
 * Merkle tree's right edge so that a checkpoint costs O(log n). Appends are synchronous and
 * all-or-nothing per call; persisting the bytes is the store's job.
 */
export class LogWriter {
  private constructor(
    private readonly signer: Signer,
    readonly genesis: Uint8Array,
    readonly logId: Uint8Array,
    private readonly range: CompactRange,
    private lastLeaf: Uint8Array,
    private lastTime: number,
    private readonly crypto: SuiteCrypto,
    private readonly clock: () => number,
  ) {}

  /** Starts a new log of the signer's suite: builds its genesis record (seq 0) from the signer's key. */
  static create(signer: Signer, input: GenesisInput, opts: WriterOptions = {}): LogWriter {
    const crypto = suiteCrypto(signer.suite, opts.crypto ?? nobleCrypto);
    const clock = opts.clock ?? Date.now;
    const time = input.time ?? clock();
    const body = { suite: signer.suite, author: signer.publicKey, enterprise: input.enterprise, meta: input.meta ?? {} };
    genesisInfo({ seq: 0, logId: ZERO_HASH, prev: ZERO_HASH, kind: GENESIS_KIND, body, refs: [] });
    const genesis = encodeRecord({ version: RECORD_VERSION, logId: ZERO_HASH, seq: 0, prev: ZERO_HASH, time, kind: GENESIS_KIND, body, refs: [] });
    const leaf = crypto.leafHash(genesis);
    const range = CompactRange.empty(crypto);
    range.append(leaf);
    return new LogWriter(signer, genesis, leaf, range, leaf, time, crypto, clock);
  }

  /** Carries on a log from a saved state; the signer must be the genesis author. */
  static resume(signer: Signer, state: WriterState, opts: WriterOptions = {}): LogWriter {
    const info = genesisInfo(decodeRecord(state.genesis));
    const crypto = suiteCrypto(info.suite, opts.crypto ?? nobleCrypto);
    if (info.suite !== signer.suite || !bytesEqual(info.author, signer.publicKey)) throw new SuyuanError('KEY_INVALID', 'the signer is not the author named in the genesis');
    const range = CompactRange.fromState(crypto, state.size, state.range);
    return new LogWriter(signer, state.genesis, crypto.leafHash(state.genesis), range, state.lastLeafHash, state.lastTime, crypto, opts.clock ?? Date.now);
  }

  get size(): number {
    return this.range.size;
  }

  state(): WriterState {
    return { genesis: this.genesis, size: this.range.size, lastLeafHash: this.lastLeaf, lastTime: this.lastTime, range: this.range.state().hashes };
  }

  append(event: EventInput): AppendedRecord {
    return this.appendBatch([event])[0]!;
  }

  /** Appends every event or none: a bad event anywhere leaves the log as it was. */
  appendBatch(events: readonly EventInput[]): AppendedRecord[] {
    const out: AppendedRecord[] = [];
    let seq = this.range.size;
    let prev = this.lastLeaf;
    let lastTime = this.lastTime;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.kind === GENESIS_KIND) throw new SuyuanError('RECORD_KIND', `"${GENESIS_KIND}" is reserved for seq 0`, { path: `[${i}].kind` });
      let time: number;
      if (e.time === undefined) time = Math.max(this.clock(), lastTime);
      else if (e.time < lastTime) throw new SuyuanError('CHAIN_TIME', `time ${e.time} is before the previous record's ${lastTime}`, { path: `[${i}].time` });
      else time = e.time;
      const refs = e.refs ?? [];
      for (const ref of refs) {
        if (bytesEqual(ref.logId, this.logId) && ref.seq >= seq) throw new SuyuanError('RECORD_REF', 'a ref into the same log must point backwards', { path: `[${i}].refs` });
      }
      const bytes = encodeRecord({ version: RECORD_VERSION, logId: this.logId, seq, prev, time, kind: e.kind, body: e.body as CborMap, refs });
      const leafHash = this.crypto.leafHash(bytes);
      out.push({ seq, time, leafHash, bytes });
      seq++;
      prev = leafHash;
      lastTime = time;
    }
    for (const r of out) this.range.append(r.leafHash);
    this.lastLeaf = prev;
    this.lastTime = lastTime;
    return out;
  }

  /** The current tree head, unsigned. */
  treeHead(time?: number): TreeHead {
    return { logId: this.logId, size: this.range.size, root: this.range.root(), time: time ?? Math.max(this.clock(), this.lastTime) };
  }

  /** Signs the current tree head with the author key. */
  checkpoint(time?: number): Promise<Checkpoint> {
    return signCheckpoint(this.signer, this.treeHead(time));
  }
}
