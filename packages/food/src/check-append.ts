import { validateEvent } from './events.js';
import type { FoodFinding } from './findings.js';

/** Kinds a Suyuan log may hold besides its genesis: food events, authority records, and extensions. */
export const KIND_NAMESPACES = ['food.', 'authority.', 'ext.'] as const;

/**
 * What a writer checks before appending an event (the CLI's `append`, the SDK's typed calls):
 * the kind's namespace (`food.*`, `authority.*` or `ext.*`; anything else is refused), a food
 * event's body (validateEvent), and the references a food kind cannot do without: a receipt
 * names the shipment it receives, a correction the records it voids. Returns every problem,
 * each with its code; empty when the event may be written. Whether an `authority.*` kind may
 * go into this log (authority logs only) is the caller's to check: it knows the log.
 */
export function checkAppend(kind: string, body: unknown, refs: readonly unknown[] | null | undefined): FoodFinding[] {
  if (typeof kind !== 'string' || !KIND_NAMESPACES.some((ns) => kind.startsWith(ns) && kind.length > ns.length)) {
    return [{ code: 'FOOD_KIND_NAMESPACE', severity: 'error', message: `kind ${JSON.stringify(kind)} is outside ${KIND_NAMESPACES.map((n) => `${n}*`).join(', ')}`, path: 'kind' }];
  }
  if (!kind.startsWith('food.')) return [];
  const out = validateEvent(kind, body);
  if (out.length === 1 && out[0]!.code === 'FOOD_UNKNOWN_KIND') return out;
  const count = Array.isArray(refs) ? refs.length : 0;
  if (kind === 'food.receive' && count === 0) out.push({ code: 'FOOD_RECEIVE_WITHOUT_SHIP', severity: 'error', message: 'a receipt must refer to the ship record it receives (in refs)', path: 'refs' });
  if (kind === 'food.correction' && count === 0) out.push({ code: 'FOOD_CORRECTION_TARGET', severity: 'error', message: 'a correction names the records it corrects in its refs', path: 'refs' });
  return out;
}
