/**
 * What the vector generators share: the fixed test keys and times, a log built from a list of
 * events (Ed25519 signatures are deterministic, the clock is fixed), the authority log that
 * enrols the keys of a case, and a bundle of whole logs. Test keys only.
 */
import { LogWriter, MerkleTree, decodeRecord, nobleCrypto, nobleSigner, toHex, type Checkpoint, type EventInput, type Signer } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { BundleWriter, verifyBundle } from '@suyuan/verify';

export const crypto = nobleCrypto;
/** Test keys: never use them for anything else. */
export const FARM_SECRET = '0101010101010101010101010101010101010101010101010101010101010101';
export const MARKET_SECRET = '0202020202020202020202020202020202020202020202020202020202020202';
export const WITNESS_SECRET = '0303030303030303030303030303030303030303030303030303030303030303';
export const AUTHORITY_SECRET = '0404040404040404040404040404040404040404040404040404040404040404';
export const PROCESSOR_SECRET = '0707070707070707070707070707070707070707070707070707070707070707';
export const T0 = 1_764_115_200_000; // 2025-11-26T00:00:00Z, above 2^32: an 8-byte integer

export const fromHexStr = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
export const publicKeyOf = (secret: string): Uint8Array => nobleSigner(fromHexStr(secret)).publicKey;

export interface LogFixture {
  writer: LogWriter;
  records: Uint8Array[];
  checkpoints: Checkpoint[];
}

/** An event made from the log so far (to refer to its own records). */
export type LogEvent = EventInput | 'checkpoint' | ((log: LogFixture) => EventInput);

/** A log of `events`, one minute apart from `clockStart`; 'checkpoint' signs the records so far. */
export async function buildLog(secret: string | Signer, enterprise: string, name: string, events: LogEvent[], clockStart: number, meta: Record<string, string> = {}): Promise<LogFixture> {
  let t = clockStart;
  const signer = typeof secret === 'string' ? nobleSigner(fromHexStr(secret)) : secret;
  const writer = LogWriter.create(signer, { enterprise, meta: { name, ...meta } }, { crypto, clock: () => (t += 60_000) });
  const records = [writer.genesis];
  const checkpoints: Checkpoint[] = [];
  for (const e of events) {
    if (e === 'checkpoint') checkpoints.push(await writer.checkpoint());
    else records.push(writer.append(typeof e === 'function' ? e({ writer, records, checkpoints }) : e).bytes);
  }
  return { writer, records, checkpoints };
}

export const AUTHORITY = { enterprise: '12350000MB0000000K', name: '市场监督管理局' };

/** The genesis meta that declares an authority's log (FORMAT.md §12). */
export const AUTHORITY_META = { role: 'authority' };

/** An authority log (signed by AUTHORITY_SECRET, declaring meta.role "authority" unless `declared` is false) with the given enrolments and revocations, then a checkpoint. */
export function authorityLog(entries: EventInput[], declared = true): Promise<LogFixture> {
  return buildLog(AUTHORITY_SECRET, AUTHORITY.enterprise, AUTHORITY.name, [...entries, 'checkpoint'], T0 - 86_400_000, declared ? AUTHORITY_META : {});
}

/** An enrolment body: from a day before T0, with no end unless given. */
export function enrol(secret: string | Uint8Array, enterprise: string, name: string, roles: string[], extra: Record<string, unknown> = {}): EventInput {
  const key = typeof secret === 'string' ? publicKeyOf(secret) : secret;
  return { kind: 'authority.enroll', body: { key, enterprise, name, roles, validFrom: T0 - 86_400_000, ...extra } };
}

export const full = (f: LogFixture) => ({ logId: f.writer.logId, records: f.records, checkpoints: f.checkpoints });

/** A bundle of whole logs, in the order given. */
export function bundleOf(logs: LogFixture[], description = 'vector'): Uint8Array {
  const w = BundleWriter.toMemory({ created: T0 + 7_200_000, description });
  for (const l of logs) w.addLog(full(l));
  return w.finish()!;
}

export const enterpriseOf = (f: LogFixture): string => decodeRecord(f.writer.genesis).body.enterprise as string;

export interface BundleCase {
  description: string;
  trust: string;
  /** The bundle, hex; or `parts`: each part's bytes repeated `times` times, concatenated (for a bundle too big to publish whole). */
  bytes?: string;
  parts?: { hex: string; times: number }[];
  /** The verdict and the finding codes in the report's order; or the error that gives no verdict. */
  expect: { verdict: string; codes: string[] } | { error: string };
}

export const AUTHORITY_KEY = toHex(publicKeyOf(AUTHORITY_SECRET));

/** A published bundle case: what the reference verifier says of `bytes` against `trust`. */
export async function bundleCase(description: string, bytes: Uint8Array, trust = AUTHORITY_KEY): Promise<BundleCase> {
  try {
    const r = await verifyBundle(bytes, { trust: [fromHexStr(trust)], crypto: nodeCrypto }); // the same answers as noble's, faster
    return { description, trust, bytes: toHex(bytes), expect: { verdict: r.verdict, codes: r.findings.map((f) => f.code) } };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === undefined) throw e;
    return { description, trust, bytes: toHex(bytes), expect: { error: code } };
  }
}

/** Proof of record `seq` in the tree of the log's first `size` records. */
export function proofOf(log: LogFixture, seq: number, size: number): Uint8Array[] {
  const tree = new MerkleTree(crypto);
  for (const r of log.records.slice(0, size)) tree.append(crypto.leafHash(r));
  return tree.inclusionProof(seq, size);
}

/** A reference to record `seq` of a log. */
export const refTo = (log: LogFixture, seq: number) => ({ logId: log.writer.logId, seq, leafHash: crypto.leafHash(log.records[seq]!) });
