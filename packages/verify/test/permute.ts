/**
 * Reordering the sections of a bundle, for order-independence tests anywhere (the CLI's
 * mutation test too): `permuteSections(bytes, order)` gives the same bundle with its log
 * sections in `order`; `sectionCount(bytes)` says how many there are. Only for well-formed
 * bundles (it throws otherwise).
 */
import { concatBytes, decodeSequenceItem } from '@suyuan/core';

/** A bundle cut into its header item, each whole log section (section item and body), and its end item. */
export function splitBundle(bytes: Uint8Array): { header: Uint8Array; sections: Uint8Array[]; end: Uint8Array } {
  const limits = { maxItemBytes: 64 * 1024, maxDepth: 4 };
  let pos = decodeSequenceItem(bytes, 0, limits).end;
  const header = bytes.subarray(0, pos);
  const sections: Uint8Array[] = [];
  for (;;) {
    const { value, end } = decodeSequenceItem(bytes, pos, limits);
    if (!Array.isArray(value)) throw new Error(`not a bundle item at byte ${pos}`);
    if (value[0] === 'end') return { header, sections, end: bytes.subarray(pos) };
    if (value[0] !== 'log' || typeof value[4] !== 'number') throw new Error(`not a log section at byte ${pos}`);
    sections.push(bytes.subarray(pos, end + value[4]));
    pos = end + value[4];
  }
}

export function sectionCount(bytes: Uint8Array): number {
  return splitBundle(bytes).sections.length;
}

/** The bundle with its sections in `order`, a permutation of 0 … sectionCount − 1. */
export function permuteSections(bytes: Uint8Array, order: readonly number[]): Uint8Array {
  const { header, sections, end } = splitBundle(bytes);
  if (order.length !== sections.length || new Set(order).size !== order.length || order.some((i) => sections[i] === undefined)) throw new RangeError(`${JSON.stringify(order)} is not a permutation of ${sections.length} sections`);
  return concatBytes([header, ...order.map((i) => sections[i]!), end]);
}
