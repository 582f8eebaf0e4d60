import { CompactRange, SuyuanError, checkChainStep, checkGenesisStep, readRecord, type CborReader, type CryptoProvider, type ParsedRecord, type SuiteCrypto } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import type { HeadJudge } from './heads.js';

type Report = (f: Omit<BundleFinding, 'logId' | 'layer'>) => void;

/**
 * One full log, record by record (FORMAT.md §7), with its heads judged as the records reach
 * their sizes: canonical bytes and shape, the genesis, log id, seq, prev, time; the tree's
 * right edge gives the root at each head's size. Memory: the right edge, whatever the length.
 * The same rules as core's LogVerifier, which takes every head up front; a bundle may carry
 * more heads than fit in memory, so here they stream (heads.ts).
 */
export class ChainWalk {
  private range: CompactRange | undefined;
  /** The log's suite provider, known once the genesis is read (FORMAT.md §15: a log's suite names its hashes and signatures). */
  private crypto: SuiteCrypto | undefined;
  private prev: Uint8Array | undefined;
  private lastTime = 0;
  private logId: Uint8Array | undefined;
  author: Uint8Array | undefined;
  enterprise: string | undefined;
  broken = false;

  constructor(
    private readonly family: CryptoProvider,
    private readonly expectedLogId: Uint8Array,
    private readonly heads: HeadJudge,
    private readonly report: Report,
    private readonly onRecord: (rec: ParsedRecord, leaf: Uint8Array) => void,
  ) {}

  get size(): number {
    return this.range?.size ?? 0;
  }

  /** Verifies the record at the reader's position; false (with a finding) if it is unsound, and then the walk is over. */
  next(r: CborReader, baseOffset: number, errorOf: (e: SuyuanError) => SuyuanError): boolean {
    if (this.broken) return false;
    const start = r.pos;
    try {
      const rec = readRecord(r, false);
      const leaf = this.checkChain(rec, r.bytes.subarray(start, r.pos));
      const range = this.range!;
      range.append(leaf);
      this.prev = leaf;
      this.lastTime = rec.time;
      this.onRecord(rec, leaf);
      if (this.heads.nextSize === range.size) this.heads.judge(range.size, range.root(), this.author!, false, range.size);
      return true;
    } catch (e) {
      if (!(e instanceof SuyuanError)) throw e;
      const err = errorOf(e);
      this.broken = true;
      this.report({ code: err.code, severity: 'error', message: err.message, seq: this.size, offset: err.offset ?? baseOffset + start });
      return false;
    }
  }

  /** The chain rules for the record (core's, so the two walkers agree); returns its leaf hash, in the log's suite. */
  private checkChain(rec: ParsedRecord, bytes: Uint8Array): Uint8Array {
    const seq = this.size;
    if (seq > 0) return checkChainStep(rec, bytes, seq, this.crypto!, this.logId!, this.prev!, this.lastTime);
    const { crypto, leaf, info } = checkGenesisStep(rec, bytes, this.family, this.expectedLogId);
    this.crypto = crypto;
    this.range = CompactRange.empty(crypto);
    this.heads.crypto = crypto;
    this.logId = leaf;
    this.author = Uint8Array.from(info.author); // a copy: the window is reused
    this.enterprise = info.enterprise;
    return leaf;
  }

  /** Ends the walk: heads beyond the records, the empty log, the unsigned tail. */
  finish(): { records: number; signedSize: number; unsignedTail?: { from: number; to: number } } {
    if (this.size === 0 && !this.broken) {
      this.broken = true;
      this.report({ code: 'CHAIN_EMPTY', severity: 'error', message: 'the log has no records' });
    }
    // Heads beyond what was verified: their signatures still count as evidence.
    if (this.author !== undefined) for (let s = this.heads.nextSize; s !== Infinity; s = this.heads.nextSize) this.heads.judge(s, undefined, this.author, this.broken, this.size);
    const records = this.size;
    const signedSize = this.heads.signedSize;
    if (signedSize < records && !this.broken) this.report({ code: 'LOG_UNSIGNED_TAIL', severity: 'warning', message: `records ${signedSize}..${records - 1} are not covered by a verified checkpoint`, seq: signedSize });
    return { records, signedSize, ...(signedSize < records ? { unsignedTail: { from: signedSize, to: records } } : {}) };
  }
}
