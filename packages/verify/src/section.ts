import {
  SuyuanError, bytesEqual, checkRecordLocally, genesisInfo, suiteCrypto, toHex, verifyCheckpointSignature, verifyInclusion, type Checkpoint, type CryptoProvider, type RecordRef, type SuiteCrypto,
} from '@suyuan/core';
import { ChainWalk } from './chain.js';
import type { BundleFinding } from './findings.js';
import { ItemError, parseProofItem, peekTag, type SectionHeader } from './format.js';
import { HeadJudge, outlineHeads, readHead } from './heads.js';
import { ItemCursor } from './items.js';
import { PolicyCheck, type Enrolment } from './policy-check.js';
import type { FindingSink } from './sink.js';
import type { ByteSource } from './source.js';
import type { SpillStore as Spill } from './spill-store.js';

/** Where a section is: its header item starts at `offset`, its body spans [bodyStart, bodyStart + header.bytes). */
export interface SectionRef {
  index: number;
  offset: number;
  bodyStart: number;
  header: SectionHeader;
}

/** Where a thread's verification goes: findings, leaf hashes and references, all bounded in memory. */
export interface ThreadOutput {
  thread: number;
  sink: FindingSink;
  /** Full logs: the leaf hash of each sound record, in seq order. Excerpts: seq (float64) + leaf hash of each proven record. */
  leaves: Spill;
  /** Each reference met: REF_ENTRY_BYTES, see `writeRef`. */
  refs: Spill;
}

/** What the rest of the verifier needs to know of a section once it is verified: a few numbers, whatever its size. */
export interface SectionResult {
  index: number;
  logId: string;
  mode: 'full' | 'excerpt';
  enterprise?: string;
  author?: string;
  /** Records found sound. */
  records: number;
  /** Full: records [0, signedSize) are under a verified checkpoint. Excerpts: every included record is proven. */
  signedSize: number;
  unsignedTail?: { from: number; to: number };
  /** No error of the bundle or log layer in this section: its records can be taken as what its author signed. */
  chainOk: boolean;
  /** Two roots validly signed for one size. */
  equivocation: boolean;
  leaves: { thread: number; offset: number; count: number };
}

export const REF_ENTRY_BYTES = 84;
export const EXCERPT_LEAF_BYTES = 40;

/**
 * Verifies one log section, reading it through a window (memory: one chunk, the tree's right
 * edge and the distinct heads): checkpoints and cosignatures, then either the whole chain
 * (full) or the genesis and each included record's inclusion proof (excerpt). Leaf hashes and
 * references go to the thread's spills, findings to its sink; when given the author's
 * enrolment, policy is checked record by record.
 */
export function verifySection(source: ByteSource, sec: SectionRef, crypto: CryptoProvider, enrolment: Enrolment | undefined | null, out: ThreadOutput): SectionResult {
  const logId = toHex(sec.header.logId);
  const end = sec.bodyStart + sec.header.bytes;
  const leafStart = out.leaves.size;
  const result: SectionResult = { index: sec.index, logId, mode: sec.header.mode, records: 0, signedSize: 0, chainOk: true, equivocation: false, leaves: { thread: out.thread, offset: leafStart, count: 0 } };
  const push = (f: Omit<BundleFinding, 'logId'>) => {
    if (f.severity === 'error' && (f.layer === 'log' || f.layer === 'bundle')) result.chainOk = false;
    if (f.code === 'CHECKPOINT_EQUIVOCATION') result.equivocation = true;
    out.sink.add({ ...f, logId });
  };
  const cur = new ItemCursor(source, sec.bodyStart, end);
  let policy: PolicyCheck | undefined;
  try {
    const outline = outlineHeads(cur);
    if (outline.duplicates > 0 && sec.header.mode === 'excerpt') push({ code: 'BUNDLE_DUPLICATE_HEAD', severity: 'warning', layer: 'bundle', message: `${outline.duplicates} checkpoints or cosignatures repeat one given before; each was judged once`, offset: sec.bodyStart });
    if (outline.unjudged > 0) push({ code: 'BUNDLE_HEAD_ORDER', severity: 'warning', layer: 'bundle', message: `${outline.unjudged} checkpoints or cosignatures come out of size order beyond what a verifier keeps, and were not judged`, offset: sec.bodyStart });
    policy = enrolment === null ? undefined : new PolicyCheck(logId, enrolment, sec.header.mode === 'full' ? outline.maxClaimed : Infinity);
    if (sec.header.mode === 'full') verifyFull(cur, new HeadJudge(source, outline, sec.header.logId, (f) => push({ ...f, layer: 'log' })), sec, crypto, result, push, policy, out);
    else verifyExcerpt(cur, new ItemCursor(source, sec.bodyStart, outline.end), sec, crypto, result, push, policy, out);
  } catch (e) {
    if (!(e instanceof ItemError || e instanceof SuyuanError)) throw e;
    push({ code: e.code, severity: 'error', layer: 'log', message: e.message, offset: e.offset ?? cur.pos });
  }
  if (cur.pos !== end && result.chainOk) {
    push({ code: 'BUNDLE_SECTION_LENGTH', severity: 'error', layer: 'bundle', message: `the section's ${sec.header.records} records end at byte ${cur.pos}, not at the ${end} its header states`, offset: cur.pos });
  }
  if (policy !== undefined) for (const f of policy.findings()) out.sink.add(f);
  result.leaves.count = (out.leaves.size - leafStart) / (sec.header.mode === 'full' ? 32 : EXCERPT_LEAF_BYTES);
  return result;
}

type Push = (f: Omit<BundleFinding, 'logId'>) => void;

/** An 84-byte reference entry: from section (u32), from seq, target log id, target seq, leaf hash. */
const refEntry = new Uint8Array(REF_ENTRY_BYTES);
const refView = new DataView(refEntry.buffer);
function writeRef(out: ThreadOutput, section: number, fromSeq: number, ref: RecordRef): void {
  refView.setUint32(0, section);
  refView.setFloat64(4, fromSeq);
  refEntry.set(ref.logId, 12);
  refView.setFloat64(44, ref.seq);
  refEntry.set(ref.leafHash, 52);
  out.refs.append(refEntry);
}

function verifyFull(cur: ItemCursor, heads: HeadJudge, sec: SectionRef, crypto: CryptoProvider, result: SectionResult, push: Push, policy: PolicyCheck | undefined, out: ThreadOutput): void {
  const report = (f: Omit<BundleFinding, 'logId' | 'layer'>) => push({ ...f, layer: 'log' });
  const chain = new ChainWalk(crypto, sec.header.logId, heads, report, (rec, leaf) => {
    policy?.record(rec.seq, rec.kind, rec.time);
    for (const ref of rec.refs) writeRef(out, sec.index, rec.seq, ref);
    out.leaves.append(leaf);
  });
  for (let i = 0; i < sec.header.records; i++) {
    if (cur.atEnd) {
      push({ code: 'BUNDLE_TRUNCATED', severity: 'error', layer: 'bundle', message: `the section ends after ${i} of its ${sec.header.records} records`, offset: cur.pos });
      break;
    }
    const start = cur.pos;
    const r = cur.recordReader();
    const b = r.bytes;
    // Records start 0x88 0x01 (an array of 8, version 1); anything else is looked at more closely.
    if ((b[r.pos] !== 0x88 || b[r.pos + 1] !== 0x01) && peekTag(b, r.pos, r.end) !== 'record') {
      push({ code: 'BUNDLE_ITEM', severity: 'error', layer: 'bundle', message: `expected record ${i}, found another item`, seq: i, offset: start });
      break;
    }
    if (!chain.next(r, cur.win.base, (e) => cur.recordError(e, start))) break;
    cur.pos = cur.win.base + r.pos;
  }
  const end = chain.finish();
  result.enterprise = chain.enterprise;
  result.author = chain.author === undefined ? undefined : toHex(chain.author);
  result.records = end.records;
  result.signedSize = end.signedSize;
  if (end.unsignedTail !== undefined) result.unsignedTail = end.unsignedTail;
  if (heads.equivocation) result.equivocation = true;
  if (heads.repeats > 0) push({ code: 'BUNDLE_DUPLICATE_HEAD', severity: 'warning', layer: 'bundle', message: `${heads.repeats} checkpoints or cosignatures repeat one given before; each was judged once`, offset: sec.bodyStart });
}

/** An excerpt: the genesis, then records each followed by a proof of inclusion under one of the section's checkpoints. */
function verifyExcerpt(cur: ItemCursor, headCur: ItemCursor, sec: SectionRef, family: CryptoProvider, result: SectionResult, push: Push, policy: PolicyCheck | undefined, out: ThreadOutput): void {
  const fail = (code: BundleFinding['code'], message: string, offset: number, seq?: number) =>
    push({ code, severity: 'error', layer: 'log', message, offset, ...(seq !== undefined ? { seq } : {}) });
  let crypto: SuiteCrypto = family;
  const start = cur.pos;
  const { rec: g, bytes: gBytes } = cur.record(true);
  const info = genesisInfo({ seq: g.seq, logId: g.logId, prev: g.prev, kind: g.kind, body: g.body!, refs: g.refs });
  crypto = suiteCrypto(info.suite, crypto); // every hash and signature of the log is its suite's
  const genesisLeaf = crypto.leafHash(gBytes);
  if (!bytesEqual(genesisLeaf, sec.header.logId)) throw new SuyuanError('CHAIN_LOG_ID', 'the genesis does not give the section\'s log id', { offset: start, seq: 0 });
  result.enterprise = info.enterprise;
  result.author = toHex(info.author);
  const author = Uint8Array.from(info.author);
  // Checkpoints: valid signatures only, one root per size (memory: the distinct sizes an excerpt's proofs use).
  const roots = new Map<number, Uint8Array>();
  for (let h = readHead(headCur); h !== undefined; h = readHead(headCur)) {
    if (h.type !== 'checkpoint') continue;
    const cp: Checkpoint = h.head;
    const ok = bytesEqual(cp.logId, sec.header.logId) && verifyCheckpointSignature(crypto, cp, author);
    if (!ok) { fail('CHECKPOINT_SIGNATURE', `checkpoint at size ${cp.size} has an invalid signature`, h.at, cp.size - 1); continue; }
    const known = roots.get(cp.size);
    if (known !== undefined && !bytesEqual(known, cp.root)) {
      result.equivocation = true;
      fail('CHECKPOINT_EQUIVOCATION', `two different roots are signed for size ${cp.size}`, h.at, cp.size - 1);
    }
    roots.set(cp.size, cp.root);
  }
  const entry = new Uint8Array(EXCERPT_LEAF_BYTES);
  const view = new DataView(entry.buffer);
  const keep = (seq: number, leaf: Uint8Array) => { view.setFloat64(0, seq); entry.set(leaf, 8); out.leaves.append(entry); };
  keep(0, genesisLeaf);
  result.records = 1;
  let lastSeq = 0;
  for (let i = 1; i < sec.header.records; i++) {
    if (cur.atEnd) {
      push({ code: 'BUNDLE_TRUNCATED', severity: 'error', layer: 'bundle', message: `the section ends after ${i} of its ${sec.header.records} records`, offset: cur.pos });
      break;
    }
    const at = cur.pos;
    const { rec, bytes } = cur.record(false);
    const leaf = crypto.leafHash(bytes);
    if (!bytesEqual(rec.logId, sec.header.logId)) throw new SuyuanError('CHAIN_LOG_ID', 'record belongs to another log', { offset: at, seq: rec.seq });
    const ordered = rec.seq > lastSeq;
    if (!ordered) fail('EXCERPT_ORDER', `records of an excerpt come in increasing seq order (${rec.seq} after ${lastSeq})`, at, rec.seq);
    const proofAt = cur.pos;
    const proof = parseProofItem(cur.tagged('proof', 2), proofAt);
    const root = roots.get(proof.size);
    if (root === undefined) fail('EXCERPT_PROOF', `no verified checkpoint of size ${proof.size} to prove record ${rec.seq} against`, proofAt, rec.seq);
    else {
      try {
        verifyInclusion(crypto, rec.seq, proof.size, leaf, proof.hashes, root);
        checkRecordLocally(rec, rec.seq, sec.header.logId, { seq: rec.seq, offset: at });
        if (ordered) keep(rec.seq, leaf);
        result.records++;
        policy?.record(rec.seq, rec.kind, rec.time);
        for (const ref of rec.refs) writeRef(out, sec.index, rec.seq, ref);
      } catch (e) {
        if (!(e instanceof SuyuanError)) throw e;
        fail(e.code, `record ${rec.seq}: ${e.detail}`, proofAt, rec.seq);
      }
    }
    if (ordered) lastSeq = rec.seq;
  }
  result.signedSize = 0; // an excerpt has no signed prefix; each included record is proven instead
}
