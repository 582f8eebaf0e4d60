import {
  CompactRange, bytesEqual, decode, decodeCheckpoint, decodeCosignature, decodeRecord, encode, encodeCheckpoint, genesisInfo, suiteCrypto, toHex,
  type CborMap, type Checkpoint, type Cosignature, type CryptoProvider,
} from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { LogStore } from '@suyuan/store';
import { HubError, type AnyCode } from './hub-error.js';

export interface PushLogOptions {
  /** Most records per request (the hub's limit; default 10,000). */
  maxRecords?: number;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  crypto?: CryptoProvider;
}

export interface PushLogResult {
  logId: string;
  /** Where the hub was before, and where it is now. */
  from: number;
  size: number;
  requests: number;
  /** The hub's cosignature on the last checkpoint it accepted (undefined if nothing was sent). */
  cosignature?: Cosignature;
}

/**
 * Sends a log's signed records to a hub, resumably and idempotently: asks the hub for its
 * checkpoint of this log, checks that the hub's tree at that size is a prefix of the local
 * log (the local leaves give the root; a different one is a fork: `HUB_FORK`), then sends
 * the rest in pieces, each ending at a checkpoint the log's author has signed (records past
 * the last checkpoint stay local: the hub takes nothing unsigned). Any request may be
 * repeated safely; a run that dies part way resumes from the hub's size.
 */
export async function pushLog(url: string, store: LogStore, opts: PushLogOptions = {}): Promise<PushLogResult> {
  const family = opts.crypto ?? nodeCrypto;
  const f = opts.fetch ?? fetch;
  const max = opts.maxRecords ?? 10_000;
  const base = url.replace(/\/+$/, '');
  if (store.size === 0) throw new HubError('HUB_BAD_REQUEST', 400, 'the log is empty');
  const logId = (await store.leafHashes(0, 1))[0]!;
  const crypto = suiteCrypto(genesisInfo(decodeRecord(await store.read(0))).suite, family);
  const hex = toHex(logId);

  const hub = await hubCheckpoint(f, `${base}/v1/logs/${hex}/checkpoint`);
  const from = hub?.size ?? 0;
  if (hub !== undefined) {
    if (hub.size > store.size) throw new HubError('HUB_FORK', 409, `the hub holds ${hub.size} records of this log; this copy has ${store.size}`);
    const range = CompactRange.empty(crypto);
    for (let i = 0; i < hub.size; i += 10_000) for (const h of await store.leafHashes(i, Math.min(hub.size, i + 10_000))) range.append(h);
    if (!bytesEqual(range.root(), hub.root)) throw new HubError('HUB_FORK', 409, `the hub's tree at size ${hub.size} is not this log's`);
  }
  const signed = latestPerSize(await store.checkpoints()).filter((c) => c.size > from && c.size <= store.size);
  let at = from;
  let requests = 0;
  let cosignature: Cosignature | undefined;
  while (true) {
    const next = signed.filter((c) => c.size > at);
    if (next.length === 0) break;
    // The furthest checkpoint within one request's worth of records.
    const fits = next.filter((c) => c.size - at <= max);
    const cp = fits[fits.length - 1];
    if (cp === undefined) throw new HubError('HUB_TOO_MANY_RECORDS', 413, `no checkpoint within ${max} records of ${at}: checkpoint more often`);
    const records = await store.readRange(at, cp.size);
    const res = await f(`${base}/v1/logs/${hex}/push`, {
      method: 'POST', headers: { 'content-type': 'application/cbor' },
      body: encode({ checkpoint: encodeCheckpoint(cp), from: at, records }),
    });
    requests++;
    if (!res.ok) throw await refusal(res);
    const body = decode(new Uint8Array(await res.arrayBuffer())) as CborMap;
    if (body.cosignature instanceof Uint8Array) cosignature = decodeCosignature(body.cosignature);
    at = cp.size;
  }
  return { logId: hex, from, size: at, requests, ...(cosignature !== undefined ? { cosignature } : {}) };
}

async function hubCheckpoint(f: typeof fetch, url: string): Promise<Checkpoint | undefined> {
  const res = await f(url);
  if (res.status === 404) return undefined;
  if (!res.ok) throw await refusal(res);
  const body = decode(new Uint8Array(await res.arrayBuffer())) as CborMap;
  return decodeCheckpoint(body.checkpoint as Uint8Array);
}

/** One checkpoint per size (the latest signed), in increasing size. */
function latestPerSize(cps: Checkpoint[]): Checkpoint[] {
  const bySize = new Map<number, Checkpoint>();
  for (const c of cps) if ((bySize.get(c.size)?.time ?? -1) < c.time) bySize.set(c.size, c);
  return [...bySize.values()].sort((a, b) => a.size - b.size);
}

async function refusal(res: Response): Promise<HubError> {
  let body: { code?: string; message?: string; seq?: number; path?: string } = {};
  try {
    body = await res.json() as typeof body;
  } catch {
    // not JSON: keep the status alone
  }
  return new HubError((body.code ?? 'HUB_INTERNAL') as AnyCode, res.status, body.message ?? `HTTP ${res.status}`, {
    ...(body.seq !== undefined ? { seq: body.seq } : {}), ...(body.path !== undefined ? { path: body.path } : {}),
  });
}
