import { HASH_BYTES, MAX_RECORD_BYTES, SuyuanError } from '@suyuan/core';

/** What every store checks before accepting an append. */
export function checkAppendArguments(records: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): void {
  if (records.length !== leafHashes.length) throw new SuyuanError('ARGUMENT_INVALID', 'one leaf hash per record');
  for (const r of records) if (r.length === 0 || r.length > MAX_RECORD_BYTES) throw new SuyuanError('ARGUMENT_INVALID', `a record is 1..${MAX_RECORD_BYTES} bytes`);
  for (const h of leafHashes) if (h.length !== HASH_BYTES) throw new SuyuanError('ARGUMENT_INVALID', 'a leaf hash is 32 bytes');
}

/** [from, to) must lie within the `size` records stored. */
export function checkRange(from: number, to: number, size: number): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from || to > size) {
    throw new SuyuanError('STORE_RANGE', `records [${from}, ${to}) are not within [0, ${size})`);
  }
}
