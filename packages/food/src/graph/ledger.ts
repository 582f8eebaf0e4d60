import { fromMicro } from '../quantity.js';
import type { Amounts, Ledger } from './types.js';

export const LEDGER_ENTRIES = ['created', 'received', 'shipped', 'used', 'sold', 'catered', 'disposed'] as const;
export type LedgerEntry = (typeof LEDGER_ENTRIES)[number];

export function emptyLedger(): Ledger {
  return { dimension: undefined, mixed: false, created: 0n, received: 0n, shipped: 0n, used: 0n, sold: 0n, catered: 0n, disposed: 0n };
}

/** Adds a quantity (millionths of its dimension's base unit) to one entry of a lot's ledger. */
export function post(l: Ledger, entry: LedgerEntry, dimension: string, micro: bigint): void {
  if (l.dimension === undefined) l.dimension = dimension;
  else if (l.dimension !== dimension) {
    l.mixed = true;
    return;
  }
  l[entry] += micro;
}

export function inflow(l: Ledger): bigint {
  return l.created + l.received;
}

export function outflow(l: Ledger): bigint {
  return l.shipped + l.used + l.sold + l.catered + l.disposed;
}

/** Received − shipped − used − sold − disposed (negative: more left than ever came in). */
export function balance(l: Ledger): bigint {
  return inflow(l) - outflow(l);
}

export function amounts(l: Ledger, micro: bigint): Amounts {
  return l.dimension === undefined ? {} : { [l.dimension]: fromMicro(micro) };
}

export function addAmounts(into: Map<string, bigint>, l: Ledger, micro: bigint): void {
  if (l.dimension === undefined || l.mixed) return;
  into.set(l.dimension, (into.get(l.dimension) ?? 0n) + micro);
}

export function toAmounts(m: Map<string, bigint>): Amounts {
  const out: Amounts = {};
  for (const [d, v] of [...m.entries()].sort()) out[d] = fromMicro(v);
  return out;
}

const BASE_UNIT: Record<string, string> = { mass: 'kg', volume: 'l', count: 'pieces' };

/** "12.5 kg", "3 pieces", "2 XBX": an amount of a ledger's dimension, for messages. */
export function describeAmount(l: Ledger, micro: bigint): string {
  const d = l.dimension ?? '';
  return `${fromMicro(micro)} ${BASE_UNIT[d] ?? d.replace('count:', '')}`;
}
