import { decodeRecord, type CborMap, type EventInput } from '@suyuan/core';
import { checkAppend } from '@suyuan/food';
import type { LogStore } from '@suyuan/store';
import { AUTHORITY_ROLE, declaresAuthority } from '@suyuan/verify';
import { SdkError } from './errors.js';

/** The genesis `meta.role` of an authority's ledger (a regulator's or a market operator's, for enrolments): the verifier's own constant. */
export { AUTHORITY_ROLE };

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks events given as records (`{ kind, body, refs?, time? }`, e.g. from an ERP export)
 * before anything is written: the kind's namespace, a food body's schema, a receipt's
 * shipment reference. The first bad event is refused with its code, field and index, and
 * every problem found with it.
 */
export function checkRecords(events: readonly EventInput[]): void {
  if (!Array.isArray(events)) throw new SdkError('FOOD_WRONG_TYPE', 'appendRecords takes an array of { kind, body, refs? }', { path: '' });
  events.forEach((e, index) => {
    if (!isMap(e) || !isMap(e.body)) throw new SdkError('FOOD_WRONG_TYPE', 'a record to append is { kind, body, refs? } with a body object', { path: 'body', index });
    const found = checkAppend(e.kind as string, e.body, e.refs as unknown[] | undefined); // checkAppend checks the kind itself
    if (found.length > 0) throw new SdkError(found[0]!.code, found[0]!.message, { path: found[0]!.path ?? '', index }, found);
  });
}

/**
 * Whether the ledger in `store` is an authority's: its genesis says so (`meta.role`), or it is
 * from before that marker existed and holds authority records and no food records.
 */
export async function isAuthorityLog(store: LogStore): Promise<boolean> {
  const meta = decodeRecord(await store.read(0)).body.meta as CborMap | undefined;
  if (declaresAuthority(meta)) return true; // the verifier's rule (FORMAT.md §12)
  if (meta?.role !== undefined) return false;
  let authorityRecords = 0;
  for (let from = 1; from < store.size; from += 10_000) {
    for (const bytes of await store.readRange(from, Math.min(store.size, from + 10_000))) {
      const kind = decodeRecord(bytes).kind;
      if (kind.startsWith('food.')) return false;
      if (kind.startsWith('authority.')) authorityRecords++;
    }
  }
  return authorityRecords > 0;
}
