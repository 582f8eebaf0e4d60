import { bytesEqual, decodeRecord, toHex, type EventInput } from '@suyuan/core';
import type { LogStore } from '@suyuan/store';
import { ENROL_KIND } from '@suyuan/verify';
import { SdkError } from './errors.js';

/** What makes two enrolments of one key the same (FORMAT.md §12: key, enterprise, name, roles, validity). */
function sameEnrolment(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const roles = (v: unknown) => (Array.isArray(v) ? v.map(String).sort().join('\0') : String(v));
  return a.enterprise === b.enterprise && a.name === b.name && roles(a.roles) === roles(b.roles) && a.validFrom === b.validFrom && a.validUntil === b.validUntil;
}

const keyHex = (v: unknown) => (v instanceof Uint8Array ? toHex(v) : undefined);
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Refuses, before anything is written to an authority's ledger, an enrolment of the ledger's
 * own key (`ENROL_OWN_KEY`: the authority is trusted by its key, not a member) and one that
 * repeats the key's current enrolment (`ENROL_DUPLICATE`: an accidental second run would
 * record nothing new). A changed enrolment of a key replaces the earlier one and is allowed.
 */
export async function checkEnrolments(store: LogStore, ownKey: Uint8Array, events: readonly EventInput[]): Promise<void> {
  const enrols = events.map((e, index) => ({ e, index })).filter(({ e }) => e.kind === ENROL_KIND && isMap(e.body));
  if (enrols.length === 0) return;
  for (const { e, index } of enrols) {
    if (e.body.key instanceof Uint8Array && bytesEqual(e.body.key, ownKey)) {
      throw new SdkError('ENROL_OWN_KEY', 'this enrols the authority\'s own key as a member: an authority log is trusted by its key, and its key signs no business log', { path: 'body.key', index });
    }
  }
  const current = await currentEnrolments(store, new Set(enrols.map(({ e }) => keyHex(e.body.key)).filter((k) => k !== undefined)));
  for (const { e, index } of enrols) {
    const key = keyHex(e.body.key);
    if (key === undefined) continue;
    const now = current.get(key);
    if (now !== undefined && sameEnrolment(now, e.body)) {
      throw new SdkError('ENROL_DUPLICATE', `the key ${key.slice(0, 16)}… is already enrolled exactly so (${String(e.body.enterprise)}, ${String(e.body.name)}); a changed enrolment replaces it`, { path: 'body', index });
    }
    current.set(key, e.body); // a batch that repeats itself is refused too
  }
}

/** The latest enrolment body of each of these keys (hex) in the ledger. */
async function currentEnrolments(store: LogStore, keys: ReadonlySet<string>): Promise<Map<string, Record<string, unknown>>> {
  const latest = new Map<string, Record<string, unknown>>();
  for (let from = 1; from < store.size; from += 10_000) {
    for (const bytes of await store.readRange(from, Math.min(store.size, from + 10_000))) {
      const rec = decodeRecord(bytes);
      if (rec.kind !== ENROL_KIND || !isMap(rec.body)) continue;
      const key = keyHex(rec.body.key);
      if (key !== undefined && keys.has(key)) latest.set(key, rec.body);
    }
  }
  return latest;
}
