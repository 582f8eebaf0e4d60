import { createHash } from 'node:crypto';
import { base32nopad } from '@scure/base';
import { HASH_BYTES, type RecordRef } from '@suyuan/core';
import { SdkError } from './errors.js';

/**
 * The string form of a record reference `[logId, seq, leafHash]`, for a dispatch note's QR
 * code or an EDI field (DESADV, ASN): `SY1-` and RFC 4648 base32 (upper case, no padding) of
 * logId ‖ leafHash ‖ seq (unsigned LEB128, shortest) ‖ a 4-byte check (SHA-256 under a domain
 * tag). Upper-case letters, digits and `-` only, so a QR code carries it in alphanumeric mode
 * and EDIFACT's level A character set carries it as it is. About 115 characters.
 */
const PREFIX = 'SY1-';
const CHECK_BYTES = 4;
const CHECK_TAG = new TextEncoder().encode('suyuan/ref/v1\0');
const MAX_SEQ_BYTES = 8; // 7 bits each: 2^53 − 1 needs 8

function check(payload: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(CHECK_TAG).update(payload).digest().subarray(0, CHECK_BYTES));
}

/** Writes a reference in its string form. */
export function formatRef(ref: RecordRef): string {
  if (ref.logId.length !== HASH_BYTES || ref.leafHash.length !== HASH_BYTES || !Number.isSafeInteger(ref.seq) || ref.seq < 0) {
    throw new SdkError('REF_FORMAT', 'a reference is a 32-byte log id, a seq ≥ 0 and a 32-byte leaf hash');
  }
  const seq: number[] = [];
  let s = ref.seq;
  do {
    const low = s % 128;
    s = Math.floor(s / 128);
    seq.push(s > 0 ? low | 0x80 : low);
  } while (s > 0);
  const payload = new Uint8Array(2 * HASH_BYTES + seq.length);
  payload.set(ref.logId, 0);
  payload.set(ref.leafHash, HASH_BYTES);
  payload.set(seq, 2 * HASH_BYTES);
  const all = new Uint8Array(payload.length + CHECK_BYTES);
  all.set(payload);
  all.set(check(payload), payload.length);
  return PREFIX + base32nopad.encode(all);
}

/**
 * Reads a reference's string form (letters in either case). Refuses anything else with
 * `REF_FORMAT`, and a string whose check does not match with `REF_CHECK`.
 */
export function parseRef(text: string, path = 'shipment'): RecordRef {
  if (typeof text !== 'string' || text.slice(0, PREFIX.length).toUpperCase() !== PREFIX) {
    throw new SdkError('REF_FORMAT', `a shipment reference starts with ${PREFIX}`, { path });
  }
  let all: Uint8Array;
  try {
    all = base32nopad.decode(text.slice(PREFIX.length).toUpperCase());
  } catch {
    throw new SdkError('REF_FORMAT', 'a shipment reference is base32 (A–Z, 2–7) after its prefix', { path });
  }
  const seqBytes = all.length - 2 * HASH_BYTES - CHECK_BYTES;
  if (seqBytes < 1 || seqBytes > MAX_SEQ_BYTES) throw new SdkError('REF_FORMAT', 'a shipment reference has the wrong length', { path });
  const payload = all.subarray(0, all.length - CHECK_BYTES);
  const expected = check(payload);
  if (!expected.every((b, i) => b === all[payload.length + i])) throw new SdkError('REF_CHECK', 'the shipment reference\'s check does not match (mistyped or damaged)', { path });
  let seq = 0;
  for (let i = 0; i < seqBytes; i++) {
    const b = payload[2 * HASH_BYTES + i]!;
    const last = i === seqBytes - 1;
    // Shortest form only: continuation bits exactly on all but the last byte, no trailing zero byte.
    if ((b & 0x80) !== 0 === last || (last && i > 0 && b === 0)) throw new SdkError('REF_FORMAT', 'the sequence number in the reference is not in its shortest form', { path });
    seq += (b & 0x7f) * 128 ** i;
  }
  if (!Number.isSafeInteger(seq)) throw new SdkError('REF_FORMAT', 'the sequence number in the reference is too large', { path });
  return { logId: payload.slice(0, HASH_BYTES), leafHash: payload.slice(HASH_BYTES, 2 * HASH_BYTES), seq };
}
