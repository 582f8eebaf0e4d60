import { nobleCrypto } from '@suyuan/core';
import { prehash, type PrehashOptions } from './prehash.js';
import type { Json, Prefixes } from './values.js';
import { STANDARD_PREFIXES } from './vocabulary.js';

export type Sha256 = (data: Uint8Array) => Uint8Array;

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The Event Hash ID of a pre-hash string: `ni:///sha-256;{hex}?ver=CBV2.0` (RFC 6920). */
export function hashIdOf(prehashString: string, sha256: Sha256 = nobleCrypto.sha256): string {
  const digest = sha256(encoder.encode(prehashString));
  let hex = '';
  for (const b of digest) hex += HEX[b];
  return `ni:///sha-256;${hex}?ver=CBV2.0`;
}

/** The JSON-LD prefixes in force: the EPCIS context's own plus those a document's @context declares. */
export function prefixesOf(context: unknown, base: Prefixes = STANDARD_PREFIXES): Prefixes {
  const out: Record<string, string> = { ...base };
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (typeof v === 'string' && !k.startsWith('@')) out[k] = v;
      else if (v !== null && typeof v === 'object' && typeof (v as { '@id'?: unknown })['@id'] === 'string' && !k.includes(':')) out[k] = (v as { '@id': string })['@id'];
    }
  }
  return out;
}

export interface EventHashOptions extends PrehashOptions {
  /** The SHA-256 to use (default: @noble/hashes; pass `nodeCrypto.sha256` from @suyuan/core/node for speed). */
  sha256?: Sha256;
}

/** The CBV 2.0 Event Hash ID of one event, given the prefixes of its document. */
export function eventHashId(event: { [key: string]: Json }, prefixes: Prefixes = STANDARD_PREFIXES, opts: EventHashOptions = {}): string {
  const local = event['@context'] === undefined ? prefixes : prefixesOf(event['@context'], prefixes);
  return hashIdOf(prehash(event, local, opts), opts.sha256);
}
