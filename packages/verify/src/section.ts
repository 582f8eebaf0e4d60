import {
  CborReader, LogVerifier, MAX_RECORD_BYTES, RECORD_LIMITS, SuyuanError, bytesEqual, genesisInfo, readRecord, toHex,
  verifyCheckpointSignature, verifyInclusion, type Checkpoint, type Cosignature, type CryptoProvider, type HeadResult,
} from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import { ItemError, parseCheckpointItem, parseCosignatureItem, parseProofItem, peekTag, readTagged, type SectionHeader } from './format.js';
import { PolicyCheck, type Enrolment } from './policy.js';
import { Window, type ByteSource } from './source.js';

/** Where a section is: its header item starts at `offset`, its body spans [bodyStart, bodyStart + header.bytes). */
export interface SectionRef {
  index: number;
  offset: number;
  bodyStart: number;
  header: SectionHeader;
}

export interface RefSeen {
  fromSeq: number;
  to: string;
  seq: number;
  leafHash: string;
}

export interface SectionResult {
  index: number;
  logId: string;
  mode: 'full' | 'excerpt';
  enterprise?: string;
  author?: string;
  /** Records found sound. */
  records: number;
  /** Full: records [0, signedSize) are under a verified checkpoint. Excerpt: every included record is proven, so all are signed. */
  signedSize: number;
  unsignedTail?: { from: number; to: number };
  heads: HeadResult[];
  findings: BundleFinding[];
  refs: RefSeen[];
  /** Excerpts: leaf hash of each included record, by seq (refs into excerpts are checked against these). */
  excerptLeaves?: Record<number, string>;
}

const ROOM = MAX_RECORD_BYTES + 64; // one whole record always fits in the window

/**
 * Verifies one log section, reading it through a window (memory: one 1 MB chunk plus the tree's
 * right edge): checkpoints and cosignatures, then either the whole chain (full) or the
 * genesis and each included record's inclusion proof (excerpt). Collects the refs it
 * meets and, when given the author's enrolment, checks policy record by record.
 */
export function verifySection(source: ByteSource, sec: SectionRef, crypto: CryptoProvider, enrolment: Enrolment | undefined | null): SectionResult {
  const logId = toHex(sec.header.logId);
  const end = sec.bodyStart + sec.header.bytes;
  const result: SectionResult = { index: sec.index, logId, mode: sec.header.mode, records: 0, signedSize: 0, heads: [], findings: [], refs: [] };
  const push = (f: Omit<BundleFinding, 'logId'>) => result.findings.push({ ...f, logId });
  const policy = enrolment === null ? undefined : new PolicyCheck(logId, enrolment);
  const win = new Window(source, sec.bodyStart, end);
  let pos = sec.bodyStart;
  const checkpoints: Checkpoint[] = [];
  const cosignatures: Cosignature[] = [];
  try {
    // Heads come first, so they are known before the records they cover.
    for (;;) {
      win.ensure(pos, 64 * 1024);
      const tag = peekTag(win.buf, pos - win.base, win.limit);
      if (tag !== 'checkpoint' && tag !== 'cosignature') break;
      const { fields, end: e } = readTagged(win.buf, pos - win.base, tag, tag === 'checkpoint' ? 5 : 6);
      if (tag === 'checkpoint') checkpoints.push(parseCheckpointItem(fields, pos - win.base));
      else cosignatures.push(parseCosignatureItem(fields, pos - win.base));
      pos = win.base + e;
    }
    pos = sec.header.mode === 'full'
      ? verifyFull(win, pos, sec, crypto, checkpoints, cosignatures, result, policy)
      : verifyExcerpt(win, pos, sec, crypto, checkpoints, result, policy);
  } catch (e) {
    if (!(e instanceof ItemError || e instanceof SuyuanError)) throw e;
    // Errors carry offsets within the window's buffer.
    push({ code: e.code, severity: 'error', layer: 'log', message: e.message, offset: win.base + (e.offset ?? pos - win.base) });
    return result;
  }
  if (pos !== end && !result.findings.some((f) => f.severity === 'error')) {
    push({ code: 'BUNDLE_SECTION_LENGTH', severity: 'error', layer: 'bundle', message: `the section's ${sec.header.records} records end at byte ${pos}, not at the ${end} its header states`, offset: pos });
  }
  if (policy !== undefined) result.findings.push(...policy.findings());
  return result;
}

function verifyFull(win: Window, start: number, sec: SectionRef, crypto: CryptoProvider, checkpoints: Checkpoint[], cosignatures: Cosignature[], result: SectionResult, policy: PolicyCheck | undefined): number {
  const logId = result.logId;
  const verifier = new LogVerifier({
    crypto, checkpoints, cosignatures, expectedLogId: sec.header.logId,
    onRecord(rec) {
      policy?.record(rec.seq, rec.kind, rec.time);
      for (const ref of rec.refs) result.refs.push({ fromSeq: rec.seq, to: toHex(ref.logId), seq: ref.seq, leafHash: toHex(ref.leafHash) });
    },
  });
  let pos = start;
  let r: CborReader | undefined;
  for (let i = 0; i < sec.header.records; i++) {
    win.ensure(pos, ROOM);
    // One reader per window, moved from record to record.
    if (r === undefined || r.bytes !== win.buf || r.end !== win.limit) r = new CborReader(win.buf, 0, win.limit, RECORD_LIMITS);
    r.pos = pos - win.base;
    if (r.pos >= win.limit) {
      result.findings.push({ code: 'BUNDLE_TRUNCATED', severity: 'error', layer: 'bundle', message: `the section ends after ${i} of its ${sec.header.records} records`, logId, offset: pos });
      break;
    }
    // Records start 0x88 0x01 (an array of 8, version 1); anything else is looked at more closely.
    if ((win.buf[r.pos] !== 0x88 || win.buf[r.pos + 1] !== 0x01) && peekTag(win.buf, r.pos, win.limit) !== 'record') {
      result.findings.push({ code: 'BUNDLE_ITEM', severity: 'error', layer: 'bundle', message: `expected record ${i}, found another item`, logId, seq: i, offset: pos });
      break;
    }
    if (!verifier.next(r, win.base)) break;
    pos = win.base + r.pos;
  }
  const report = verifier.report();
  result.enterprise = report.enterprise;
  result.author = report.author === undefined ? undefined : toHex(report.author);
  result.records = report.records;
  result.signedSize = report.signedSize;
  if (report.unsignedTail !== undefined) result.unsignedTail = report.unsignedTail;
  result.heads = report.heads;
  for (const f of report.findings) result.findings.push({ code: f.code, severity: f.severity, layer: 'log', message: f.message, logId, ...(f.seq !== undefined ? { seq: f.seq } : {}), ...(f.offset !== undefined ? { offset: f.offset } : {}) });
  return pos;
}

/** An excerpt: the genesis, then records each followed by a proof of inclusion under one of the section's checkpoints. */
function verifyExcerpt(win: Window, start: number, sec: SectionRef, crypto: CryptoProvider, checkpoints: Checkpoint[], result: SectionResult, policy: PolicyCheck | undefined): number {
  const logId = result.logId;
  const fail = (code: BundleFinding['code'], message: string, offset: number, seq?: number) =>
    result.findings.push({ code, severity: 'error', layer: 'log', message, logId, offset, ...(seq !== undefined ? { seq } : {}) });
  let pos = start;
  win.ensure(pos, ROOM);
  let r = new CborReader(win.buf, pos - win.base, win.limit, RECORD_LIMITS);
  const g = readRecord(r, true);
  const genesisLeaf = crypto.leafHash(win.buf.subarray(g.start, r.pos));
  const info = genesisInfo({ seq: g.seq, logId: g.logId, prev: g.prev, kind: g.kind, body: g.body!, refs: g.refs });
  if (!bytesEqual(genesisLeaf, sec.header.logId)) throw new SuyuanError('CHAIN_LOG_ID', 'the genesis does not give the section\'s log id', { offset: g.start, seq: 0 });
  result.enterprise = info.enterprise;
  result.author = toHex(info.author);
  pos = win.base + r.pos;
  // Checkpoints: valid signatures only, one root per size.
  const roots = new Map<number, Uint8Array>();
  for (const cp of checkpoints) {
    const ok = bytesEqual(cp.logId, sec.header.logId) && verifyCheckpointSignature(crypto, cp, info.author);
    result.heads.push({ type: 'checkpoint', size: cp.size, time: cp.time, status: ok ? 'verified' : 'bad-signature' });
    if (!ok) { fail('CHECKPOINT_SIGNATURE', `checkpoint at size ${cp.size} has an invalid signature`, start); continue; }
    const known = roots.get(cp.size);
    if (known !== undefined && !bytesEqual(known, cp.root)) fail('CHECKPOINT_EQUIVOCATION', `two different roots are signed for size ${cp.size}`, start);
    roots.set(cp.size, cp.root);
  }
  result.excerptLeaves = { 0: toHex(genesisLeaf) };
  result.records = 1;
  let lastSeq = 0;
  for (let i = 1; i < sec.header.records; i++) {
    win.ensure(pos, ROOM + 4096);
    r = new CborReader(win.buf, pos - win.base, win.limit, RECORD_LIMITS);
    const rec = readRecord(r, false);
    const leaf = crypto.leafHash(win.buf.subarray(rec.start, r.pos));
    if (!bytesEqual(rec.logId, sec.header.logId)) throw new SuyuanError('CHAIN_LOG_ID', 'record belongs to another log', { offset: rec.start, seq: rec.seq });
    if (rec.seq <= lastSeq) fail('EXCERPT_ORDER', `records of an excerpt come in increasing seq order (${rec.seq} after ${lastSeq})`, pos, rec.seq);
    const proofAt = win.base + r.pos;
    const { fields, end } = readTagged(win.buf, r.pos, 'proof', 2);
    const proof = parseProofItem(fields, r.pos);
    const root = roots.get(proof.size);
    if (root === undefined) fail('EXCERPT_PROOF', `no verified checkpoint of size ${proof.size} to prove record ${rec.seq} against`, proofAt, rec.seq);
    else {
      try {
        verifyInclusion(crypto, rec.seq, proof.size, leaf, proof.hashes, root);
        result.excerptLeaves[rec.seq] = toHex(leaf);
        result.records++;
        policy?.record(rec.seq, rec.kind, rec.time);
        for (const ref of rec.refs) result.refs.push({ fromSeq: rec.seq, to: toHex(ref.logId), seq: ref.seq, leafHash: toHex(ref.leafHash) });
      } catch (e) {
        if (!(e instanceof SuyuanError)) throw e;
        fail(e.code, `record ${rec.seq}: ${e.detail}`, proofAt, rec.seq);
      }
    }
    lastSeq = rec.seq;
    pos = win.base + end;
  }
  result.signedSize = 0; // an excerpt has no signed prefix; each included record is proven instead
  return pos;
}
