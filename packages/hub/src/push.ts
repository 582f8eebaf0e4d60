import {
  CompactRange, MerkleTree, SuyuanError, bodyText, bytesEqual, cosign, decodeRecord, encode, encodeCheckpoint, genesisInfo, suiteCrypto, toHex, verifyCheckpointSignature,
  type Checkpoint, type Cosignature, type CryptoProvider, type Signer, type SuiteCrypto, type SuiteName,
} from '@suyuan/core';
import { PolicyCheck, type Enrolment } from '@suyuan/verify';
import { continueChain, type ChainTip } from './chain.js';
import { HubError, isHubError, type AnyCode } from './errors.js';
import type { PushRequest } from './push-request.js';
import type { AppendBatch, HubStore, StoredLog } from './store/hub-store.js';
import type { TrustView } from './trust.js';

export interface PushContext {
  store: HubStore;
  trust: TrustView;
  /** The provider family (node:crypto or portable); each log uses its suite's member. */
  crypto: CryptoProvider;
  /** The hub's own keys, one per suite at most: it cosigns each checkpoint it has checked and stored with the key of the log's suite. */
  witnesses: readonly Signer[];
  /** Told of the records each push stored, after the commit (the query index takes them in). */
  onStored?(log: { logId: Uint8Array; enterprise: string; author: Uint8Array }, from: number, records: readonly Uint8Array[], kinds: readonly string[]): void;
}

export interface PushResult {
  /** `stored`: records were added; `unchanged`: everything was already here. */
  status: 'stored' | 'unchanged';
  appended: number;
  size: number;
  /** Undefined when the hub has no witness key of the log's suite. */
  cosignature: Cosignature | undefined;
}

/**
 * How many times a push is re-checked, on state read afresh, when another push (to the same
 * log, or to an authority log) commits first. The first try may use what this process knew.
 */
const RACE_RETRIES = 4;

/** Logs this process stored into last, per store, at most this many: a push continuing one needs no read. */
const KNOWN_LOGS = 10_000;
const known = new WeakMap<HubStore, Map<string, StoredLog>>();

function knownLogs(store: HubStore): Map<string, StoredLog> {
  let m = known.get(store);
  if (m === undefined) known.set(store, m = new Map());
  return m;
}

function remember(store: HubStore, log: StoredLog): void {
  const m = knownLogs(store);
  const hex = toHex(log.logId);
  m.delete(hex);
  if (m.size >= KNOWN_LOGS) m.delete(m.keys().next().value!);
  m.set(hex, log);
}

/**
 * Checks a push completely, then stores it (all or nothing) and cosigns its checkpoint.
 * Order: checkpoint signature by the genesis author; what is already stored (identical:
 * no-op; different: a fork, refused with evidence); the chain of the new records; the
 * checkpoint's root over stored + new; the key's enrolment and roles (authority logs exempt).
 */
export async function push(ctx: PushContext, logId: Uint8Array, req: PushRequest): Promise<PushResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await pushOnce(ctx, logId, req, attempt > 0);
    } catch (e) {
      if (!isHubError(e, 'HUB_CONFLICT') || attempt >= RACE_RETRIES) throw e;
      knownLogs(ctx.store).delete(toHex(logId));
    }
  }
}

/** The suite a log's genesis names (for a log the hub does not hold yet). */
function genesisSuite(bytes: Uint8Array): SuiteName {
  try {
    return genesisInfo(decodeRecord(bytes)).suite;
  } catch (e) {
    if (e instanceof SuyuanError) throw new HubError(e.code, 422, e.detail, { seq: 0, ...(e.path !== undefined ? { path: e.path } : {}) });
    throw e;
  }
}

/**
 * `fresh`: read the log's stored state and the enrolments from the store. Else a push that
 * continues a log where this process last stored it uses that state, and the enrolment view
 * this process last read: both only optimistic, since the append itself refuses
 * (`HUB_CONFLICT`) if the log or the authority logs are otherwise at commit.
 */
async function pushOnce(ctx: PushContext, logId: Uint8Array, req: PushRequest, fresh: boolean): Promise<PushResult> {
  const { store } = ctx;
  const cp = req.checkpoint;
  const end = req.from + req.records.length;
  if (!bytesEqual(cp.logId, logId)) throw new HubError('CHECKPOINT_LOG_ID', 400, 'the checkpoint names another log', { path: 'checkpoint' });
  if (req.records.length > 0 && cp.size < end) throw new HubError('HUB_UNCOVERED', 422, `records up to seq ${end - 1} but the checkpoint covers ${cp.size}: send only covered records`, { seq: cp.size });
  if (req.records.length > 0 && cp.size > end) throw new HubError('HUB_CHECKPOINT_BEYOND', 422, `the checkpoint signs ${cp.size} records; the push ends at ${end}`, { path: 'checkpoint' });
  const mine = fresh || req.records.length === 0 ? undefined : knownLogs(store).get(toHex(logId));
  const stored = mine !== undefined && mine.size === req.from ? mine : await store.log(logId);
  const size = stored?.size ?? 0;
  if (req.from > size) throw new HubError('HUB_GAP', 409, `the hub holds ${size} records of this log; push from there`, { seq: size });
  if (req.records.length === 0 && cp.size > size) throw new HubError('HUB_CHECKPOINT_BEYOND', 422, `the checkpoint signs ${cp.size} records; the hub holds ${size}`, { path: 'checkpoint' });

  const crypto = suiteCrypto(stored?.suite ?? genesisSuite(req.records[0]!), ctx.crypto);
  const leaves = req.records.map((r) => crypto.leafHash(r));
  // The author: the stored genesis's, or the one the pushed genesis names (checked below).
  const newGenesis = stored === undefined ? continueChain({ logId, size: 0, lastLeaf: undefined, lastTime: 0 }, req.records[0]!, leaves[0]!).genesis! : undefined;
  const author = stored?.author ?? newGenesis!.author;
  if (!verifyCheckpointSignature(crypto, cp, author)) throw new HubError('CHECKPOINT_SIGNATURE', 422, "the checkpoint is not signed by the log's author key", { path: 'checkpoint' });

  // What is already stored must be pushed again byte for byte.
  const overlap = Math.min(end, size) - req.from;
  if (overlap > 0) {
    const have = await store.leafHashes(logId, req.from, req.from + overlap);
    const k = have.findIndex((h, i) => !bytesEqual(h, leaves[i]!));
    if (k >= 0) return refuseFork(ctx, crypto, stored!, req, leaves, req.from + k);
  }
  if (end <= size) return unchangedHistory(ctx, crypto, stored!, cp);

  // New records [size, end): they must continue the stored chain.
  const first = size - req.from;
  const tip: ChainTip = stored === undefined
    ? { logId, size: 0, lastLeaf: undefined, lastTime: 0 }
    : { logId, size, lastLeaf: stored.lastLeaf, lastTime: stored.lastTime };
  const traceCodes: { code: string; seq: number }[] = [];
  const kinds: { seq: number; kind: string; time: number }[] = [];
  for (let i = first; i < req.records.length; i++) {
    const { record } = continueChain(tip, req.records[i]!, leaves[i]!);
    if (tip.size === 0) tip.logId = leaves[i]!;
    tip.size++;
    tip.lastLeaf = leaves[i]!;
    tip.lastTime = record.time;
    kinds.push({ seq: record.seq, kind: record.kind, time: record.time });
    const code = bodyText(req.records[i]!, record, 'traceCode');
    if (code !== undefined && code.length > 0 && code.length <= 256) traceCodes.push({ code, seq: record.seq });
  }
  if (stored === undefined && !bytesEqual(leaves[0]!, logId)) throw new HubError('CHAIN_LOG_ID', 422, 'the genesis does not give the log id in the path', { seq: 0 });
  const range = stored === undefined ? CompactRange.empty(crypto) : CompactRange.fromState(crypto, size, stored.frontier);
  for (let i = first; i < leaves.length; i++) range.append(leaves[i]!);
  if (!bytesEqual(range.root(), cp.root)) throw new HubError('CHECKPOINT_ROOT_MISMATCH', 422, `the checkpoint's root is not the root of the ${end} records`, { path: 'checkpoint' });

  const enterprise = newGenesis?.enterprise ?? stored!.enterprise;
  const authorities = await checkPolicy(ctx, logId, author, enterprise, kinds, fresh, stored === undefined ? req.records[0] : undefined);

  // The cosignature is made before the append and stored with it: it is only answered once stored.
  const cosignature = await cosignAs(ctx, crypto.suite, cp);
  const frontier = range.state().hashes;
  await store.append({
    logId, from: size, records: req.records.slice(first), leafHashes: leaves.slice(first),
    prev: stored?.lastLeaf ?? new Uint8Array(32), checkpoint: cp, frontier, lastTime: tip.lastTime,
    ...(newGenesis !== undefined ? { genesis: { author: newGenesis.author, suite: newGenesis.suite, enterprise: newGenesis.enterprise } } : {}),
    traceCodes,
    ...(cosignature !== undefined ? { cosignature } : {}),
    ...(authorities !== undefined ? { authorities } : {}),
  });
  remember(store, { logId, author, suite: crypto.suite, enterprise, size: end, lastLeaf: leaves[leaves.length - 1]!, lastTime: tip.lastTime, frontier });
  if (authorities === undefined) ctx.trust.forget(); // an authority log grew: the enrolments may have changed
  ctx.onStored?.({ logId, enterprise, author }, size, req.records.slice(first), kinds.map((k) => k.kind));
  return { status: 'stored', appended: end - size, size: end, cosignature };
}

/** A witness cosigns a log with a key of the log's suite (FORMAT.md §5); undefined without one. */
async function cosignAs(ctx: PushContext, suite: SuiteName, cp: Checkpoint): Promise<Cosignature | undefined> {
  const key = ctx.witnesses.find((w) => w.suite === suite);
  return key === undefined ? undefined : cosign(key, cp);
}

/** Cosigns a checkpoint already stored, and keeps the cosignature. */
async function witness(ctx: PushContext, suite: SuiteName, cp: Checkpoint): Promise<Cosignature | undefined> {
  const cs = await cosignAs(ctx, suite, cp);
  if (cs !== undefined) await ctx.store.putCosignature(cs);
  return cs;
}

/**
 * The key must be enrolled for the log's enterprise, valid and not revoked at each record's
 * time, with a role that allows each kind. Returns the authority logs' state it was checked
 * against (for the append to confirm), or undefined for an authority log (not checked).
 */
async function checkPolicy(ctx: PushContext, logId: Uint8Array, author: Uint8Array, enterprise: string, kinds: { seq: number; kind: string; time: number }[], fresh: boolean, genesis?: Uint8Array): Promise<AppendBatch['authorities']> {
  // Only an authority log (an authority key's, declaring meta.role "authority") is exempt: a business's key trusted by mistake is not.
  if (await ctx.trust.isAuthorityLog({ logId, author }, genesis)) return undefined;
  const view = await ctx.trust.view(fresh);
  try {
    enrolled(view.enrolments, logId, author, enterprise, kinds);
  } catch (e) {
    // A refusal stands only on enrolments read afresh (another hub process may have enrolled the key).
    if (fresh || !(e instanceof HubError)) throw e;
    return checkPolicy(ctx, logId, author, enterprise, kinds, true, genesis);
  }
  return { authors: ctx.trust.anchorKeys, state: view.state };
}

/** Throws the first policy refusal for these records' kinds and times. */
function enrolled(enrolments: Map<string, Enrolment>, logId: Uint8Array, author: Uint8Array, enterprise: string, kinds: { seq: number; kind: string; time: number }[]): void {
  const e = enrolments.get(toHex(author));
  if (e === undefined || e.roles.length === 0) throw new HubError('POLICY_NOT_ENROLLED', 403, 'the log key is not enrolled by an authority this hub trusts');
  if (e.enterprise !== enterprise) throw new HubError('POLICY_ENTERPRISE', 403, `the log says it belongs to ${enterprise}; its key is enrolled for ${e.enterprise}`);
  const check = new PolicyCheck(toHex(logId), e);
  for (const k of kinds) check.record(k.seq, k.kind, k.time);
  const f = check.findings().sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))[0];
  if (f !== undefined) throw new HubError(f.code as AnyCode, 403, f.message, f.seq !== undefined ? { seq: f.seq } : {});
}

/** Nothing new: the checkpoint must agree with the stored tree at its size. */
async function unchangedHistory(ctx: PushContext, crypto: SuiteCrypto, log: StoredLog, cp: Checkpoint): Promise<PushResult> {
  const known = (await ctx.store.checkpoints(log.logId)).find((c) => c.size === cp.size);
  const root = known?.root ?? await rootAt(ctx.store, crypto, log.logId, cp.size);
  if (!bytesEqual(root, cp.root)) {
    const storedCp = known ?? latestCovering(await ctx.store.checkpoints(log.logId), cp.size);
    await keepEvidence(ctx, log.logId, { seq: cp.size - 1, stored: { checkpoint: storedCp }, pushed: { checkpoint: cp } });
    throw new HubError('HUB_FORK', 409, `the checkpoint signs another root at size ${cp.size} than the stored records give: evidence kept`, { seq: cp.size - 1 });
  }
  if (known === undefined || !bytesEqual(known.signature, cp.signature)) await ctx.store.putCheckpoint(cp);
  return { status: 'unchanged', appended: 0, size: log.size, cosignature: await witness(ctx, crypto.suite, cp) };
}

/**
 * A pushed record differs from the stored one at `seq`. If the pushed checkpoint really signs
 * the pushed records, the author has signed two histories: keep both checkpoints, both
 * records and their inclusion proofs, and refuse. Otherwise the push is merely wrong.
 */
async function refuseFork(ctx: PushContext, crypto: SuiteCrypto, log: StoredLog, req: PushRequest, leaves: Uint8Array[], seq: number): Promise<never> {
  const cp = req.checkpoint;
  const storedLeaves = await ctx.store.leafHashes(log.logId, 0, seq);
  const theirs = new MerkleTree(crypto);
  for (const h of storedLeaves) theirs.append(h);
  for (let i = seq - req.from; i < leaves.length; i++) theirs.append(leaves[i]!);
  if (theirs.size !== cp.size || !bytesEqual(theirs.root(), cp.root)) {
    throw new HubError('CHECKPOINT_ROOT_MISMATCH', 422, `the pushed record at seq ${seq} differs from the stored one and the checkpoint does not sign the pushed records`, { seq });
  }
  const storedCp = latestCovering(await ctx.store.checkpoints(log.logId), seq + 1);
  const ours = new MerkleTree(crypto);
  for (const h of await ctx.store.leafHashes(log.logId, 0, storedCp.size)) ours.append(h);
  await keepEvidence(ctx, log.logId, {
    seq,
    stored: { checkpoint: storedCp, record: (await ctx.store.records(log.logId, seq, seq + 1))[0]!, proof: ours.inclusionProof(seq, storedCp.size) },
    pushed: { checkpoint: cp, record: req.records[seq - req.from]!, proof: theirs.inclusionProof(seq, cp.size) },
  });
  throw new HubError('HUB_FORK', 409, `a different record at stored seq ${seq}, under a valid checkpoint: evidence kept`, { seq });
}

function latestCovering(cps: Checkpoint[], size: number): Checkpoint {
  const c = cps.filter((x) => x.size >= size).sort((a, b) => a.size - b.size)[0];
  if (c === undefined) throw new HubError('HUB_INTERNAL', 500, `no stored checkpoint covers size ${size}`);
  return c;
}

async function rootAt(store: HubStore, crypto: SuiteCrypto, logId: Uint8Array, size: number): Promise<Uint8Array> {
  const range = CompactRange.empty(crypto);
  for (let i = 0; i < size; i += 10_000) for (const h of await store.leafHashes(logId, i, Math.min(size, i + 10_000))) range.append(h);
  return range.root();
}

interface Side { checkpoint: Checkpoint; record?: Uint8Array; proof?: Uint8Array[] }

/** Evidence: canonical CBOR { found, logId, pushed, seq, stored }, each side { checkpoint, proof?, record? }. */
async function keepEvidence(ctx: PushContext, logId: Uint8Array, ev: { seq: number; stored: Side; pushed: Side }): Promise<void> {
  const side = (s: Side) => ({ checkpoint: encodeCheckpoint(s.checkpoint), ...(s.record !== undefined ? { record: s.record, proof: s.proof! } : {}) });
  await ctx.store.putEvidence(logId, encode({ found: Date.now(), logId, seq: ev.seq, stored: side(ev.stored), pushed: side(ev.pushed) }));
}
