import { bytesEqual } from './bytes.js';
import { CborReader } from './cbor/reader.js';
import { verifyCheckpointSignature, verifyCosignatureSignature, type Checkpoint, type Cosignature } from './checkpoint.js';
import { nobleCrypto } from './crypto/noble.js';
import type { CryptoProvider, SuiteCrypto, SuiteName } from './crypto/provider.js';
import { checkChainStep, checkGenesisStep } from './chain-rules.js';
import { SuyuanError, type ErrorCode } from './errors.js';
import { CompactRange } from './merkle/compact-range.js';
import { readRecord, RECORD_LIMITS, type ParsedRecord } from './record.js';

export interface Finding {
  code: ErrorCode;
  severity: 'error' | 'warning';
  message: string;
  seq?: number;
  offset?: number;
}

export type HeadStatus =
  | 'verified' // signature valid and root equals the log's root at that size
  | 'bad-signature'
  | 'wrong-log' // names another log id
  | 'root-mismatch' // validly signed, but the log's records give another root
  | 'not-reached'; // the log (or its valid prefix) is shorter than the size

export interface HeadResult {
  type: 'checkpoint' | 'cosignature';
  size: number;
  time: number;
  status: HeadStatus;
  /** The witness key, for a cosignature. */
  witness?: Uint8Array;
}

/** Two different roots validly signed for one size: proof that the author forked the log. */
export interface Equivocation {
  size: number;
  checkpoints: [Checkpoint, Checkpoint];
}

export interface LogReport {
  verdict: 'valid' | 'valid-with-warnings' | 'invalid';
  logId: Uint8Array | undefined;
  suite: SuiteName | undefined;
  author: Uint8Array | undefined;
  enterprise: string | undefined;
  /** Records read and found sound, from seq 0. */
  records: number;
  /** Records [0, signedSize) are committed to by a verified checkpoint. */
  signedSize: number;
  /** Records after the last verified checkpoint, if any: present but not signed. */
  unsignedTail: { from: number; to: number } | undefined;
  heads: HeadResult[];
  equivocations: Equivocation[];
  findings: Finding[];
}

export interface VerifyLogOptions {
  checkpoints?: readonly Checkpoint[];
  cosignatures?: readonly Cosignature[];
  /**
   * The provider family (default `nobleCrypto`, portable): the log's genesis names its suite,
   * and `suiteCrypto(suite, crypto)` hashes and checks everything in it. `nodeCrypto` is the
   * fast family for both suites.
   */
  crypto?: CryptoProvider;
  /** If given, the log must be this one. */
  expectedLogId?: Uint8Array;
  /** Called with each record found sound, and its leaf hash (for callers that check more). */
  onRecord?: (record: ParsedRecord, leafHash: Uint8Array) => void;
}

interface PendingHead {
  type: 'checkpoint' | 'cosignature';
  head: Checkpoint | Cosignature;
  index: number;
  signatureOk: boolean;
}

/**
 * Verifies one log record by record, in O(log n) memory: canonical bytes, record shape,
 * log id, contiguous seq, `prev` links, non-decreasing time, then each checkpoint's and
 * cosignature's root at its size and its signature. Feed records with `next`, then `report`.
 * A broken record ends the walk: nothing after it can be trusted.
 */
export class LogVerifier {
  private readonly family: CryptoProvider;
  /** The log's suite provider, known once the genesis is read. */
  private crypto: SuiteCrypto | undefined;
  private readonly findings: Finding[] = [];
  private range: CompactRange | undefined;
  private readonly pending: PendingHead[];
  private readonly results: HeadResult[];
  private nextHead = 0;
  private logId: Uint8Array | undefined;
  private author: Uint8Array | undefined;
  private suite: SuiteName | undefined;
  private enterprise: string | undefined;
  private prev: Uint8Array | undefined;
  private lastTime = 0;
  private broken = false;
  private signedSize = 0;

  constructor(private readonly opts: VerifyLogOptions = {}) {
    this.family = opts.crypto ?? nobleCrypto;
    const heads: PendingHead[] = [];
    (opts.checkpoints ?? []).forEach((head) => heads.push({ type: 'checkpoint', head, index: heads.length, signatureOk: false }));
    (opts.cosignatures ?? []).forEach((head) => heads.push({ type: 'cosignature', head, index: heads.length, signatureOk: false }));
    this.results = heads.map((p) => ({ type: p.type, size: p.head.size, time: p.head.time, status: 'not-reached' as HeadStatus, ...(p.type === 'cosignature' ? { witness: (p.head as Cosignature).witness } : {}) }));
    // A head whose size no log can reach would wait forever in the size-ordered queue.
    const usable = heads.filter((p) => {
      if (Number.isSafeInteger(p.head.size) && p.head.size >= 1) return true;
      this.results[p.index]!.status = 'bad-signature';
      this.findings.push({ code: 'CHECKPOINT_SHAPE', severity: 'error', message: `${p.type} has size ${p.head.size}; sizes start at 1` });
      return false;
    });
    this.pending = usable.sort((a, b) => a.head.size - b.head.size);
  }

  get size(): number {
    return this.range?.size ?? 0;
  }

  get ok(): boolean {
    return !this.broken;
  }

  /**
   * Verifies the record at the reader's position and moves past it. Returns false (with a
   * finding) if it is unsound; after that the verifier takes no more records.
   */
  next(r: CborReader, baseOffset = 0): boolean {
    if (this.broken) return false;
    const start = r.pos;
    try {
      const rec = readRecord(r, false);
      const leaf = this.checkChain(rec, r.bytes.subarray(start, r.pos));
      const range = this.range!;
      range.append(leaf);
      this.prev = leaf;
      this.lastTime = rec.time;
      this.opts.onRecord?.(rec, leaf);
      if (this.nextHead < this.pending.length && this.pending[this.nextHead]!.head.size === range.size) this.checkHeadsAtSize();
      return true;
    } catch (e) {
      if (!(e instanceof SuyuanError)) throw e;
      this.broken = true;
      this.findings.push({ code: e.code, severity: 'error', message: e.message, seq: this.size, offset: baseOffset + (e.offset ?? start) });
      return false;
    }
  }

  /** The chain rules for the record; returns its leaf hash, in the log's suite. */
  private checkChain(rec: ParsedRecord, bytes: Uint8Array): Uint8Array {
    const seq = this.size;
    if (seq > 0) return checkChainStep(rec, bytes, seq, this.crypto!, this.logId!, this.prev!, this.lastTime);
    const { crypto, leaf, info } = checkGenesisStep(rec, bytes, this.family, this.opts.expectedLogId);
    this.crypto = crypto;
    this.range = CompactRange.empty(crypto);
    this.logId = leaf;
    this.author = Uint8Array.from(info.author); // a copy: the input buffer may be reused
    this.suite = info.suite;
    this.enterprise = info.enterprise;
    return leaf;
  }

  private checkHeadsAtSize(): void {
    const range = this.range!;
    const size = range.size;
    const root = range.root();
    while (this.nextHead < this.pending.length && this.pending[this.nextHead]!.head.size === size) {
      const p = this.pending[this.nextHead++]!;
      this.judgeHead(p, root);
    }
  }

  private judgeHead(p: PendingHead, root: Uint8Array | undefined): void {
    const result = this.results[p.index]!;
    const head = p.head;
    const label = p.type === 'checkpoint' ? 'checkpoint' : 'cosignature';
    if (!bytesEqual(head.logId, this.logId!)) {
      result.status = 'wrong-log';
      this.findings.push({ code: 'CHECKPOINT_LOG_ID', severity: 'error', message: `${label} at size ${head.size} names another log`, seq: head.size - 1 });
      return;
    }
    p.signatureOk = p.type === 'checkpoint'
      ? verifyCheckpointSignature(this.crypto!, head as Checkpoint, this.author!)
      : verifyCosignatureSignature(this.crypto!, head as Cosignature);
    if (!p.signatureOk) {
      result.status = 'bad-signature';
      this.findings.push({ code: p.type === 'checkpoint' ? 'CHECKPOINT_SIGNATURE' : 'COSIGNATURE_SIGNATURE', severity: 'error', message: `${label} at size ${head.size} has an invalid signature`, seq: head.size - 1 });
      return;
    }
    if (root === undefined) {
      result.status = 'not-reached';
      if (!this.broken) this.findings.push({ code: 'CHECKPOINT_BEYOND_LOG', severity: 'warning', message: `${label} signs ${head.size} records but the log has ${this.size}: records are missing`, seq: head.size - 1 });
      return;
    }
    if (!bytesEqual(head.root, root)) {
      result.status = 'root-mismatch';
      this.findings.push({ code: 'CHECKPOINT_ROOT_MISMATCH', severity: 'error', message: `${label} at size ${head.size} signs a root the log's records do not give`, seq: head.size - 1 });
      return;
    }
    result.status = 'verified';
    if (p.type === 'checkpoint') this.signedSize = Math.max(this.signedSize, head.size);
  }

  report(): LogReport {
    if (this.size === 0 && !this.broken) {
      this.broken = true;
      this.findings.push({ code: 'CHAIN_EMPTY', severity: 'error', message: 'the log has no records' });
    }
    // Heads beyond what was verified: their signatures still count as evidence.
    if (this.logId !== undefined) while (this.nextHead < this.pending.length) this.judgeHead(this.pending[this.nextHead++]!, undefined);
    const equivocations = this.findEquivocations();
    const records = this.size;
    const tail = this.signedSize < records ? { from: this.signedSize, to: records } : undefined;
    if (tail !== undefined && !this.broken) {
      this.findings.push({ code: 'LOG_UNSIGNED_TAIL', severity: 'warning', message: `records ${tail.from}..${tail.to - 1} are not covered by a verified checkpoint`, seq: tail.from });
    }
    const hasError = this.findings.some((f) => f.severity === 'error');
    return {
      verdict: hasError ? 'invalid' : this.findings.length > 0 ? 'valid-with-warnings' : 'valid',
      logId: this.logId, suite: this.suite, author: this.author, enterprise: this.enterprise,
      records, signedSize: this.signedSize, unsignedTail: tail,
      heads: this.results, equivocations, findings: this.findings,
    };
  }

  private findEquivocations(): Equivocation[] {
    const bySize = new Map<number, Checkpoint>();
    const out: Equivocation[] = [];
    for (const p of this.pending) {
      if (p.type !== 'checkpoint' || !p.signatureOk) continue;
      const cp = p.head as Checkpoint;
      const seen = bySize.get(cp.size);
      if (seen === undefined) bySize.set(cp.size, cp);
      else if (!bytesEqual(seen.root, cp.root) && !out.some((e) => e.size === cp.size)) {
        out.push({ size: cp.size, checkpoints: [seen, cp] });
        this.findings.push({ code: 'CHECKPOINT_EQUIVOCATION', severity: 'error', message: `two different roots are signed for size ${cp.size}`, seq: cp.size - 1 });
      }
    }
    return out;
  }
}

/** Verifies a whole log given as the concatenation of its records (a CBOR sequence). */
export function verifyLog(bytes: Uint8Array, opts: VerifyLogOptions = {}): LogReport {
  const v = new LogVerifier(opts);
  const r = new CborReader(bytes, 0, bytes.length, RECORD_LIMITS);
  while (r.pos < bytes.length && v.next(r)) { /* each call verifies one record */ }
  return v.report();
}
