/**
 * The values the canonical profile can carry. Integers decode as `number` when they are
 * safe integers and as `bigint` beyond; maps have text keys only and decode as plain objects
 * (a key named `__proto__` is an own property, never the prototype).
 */
export type CborValue = number | bigint | string | boolean | null | Uint8Array | CborValue[] | CborMap;
export interface CborMap {
  [key: string]: CborValue;
}

export interface CborLimits {
  /** Deepest nesting of arrays and maps; the top-level item is depth 1 if it is a container. */
  maxDepth: number;
  /** Largest encoded item, in bytes. */
  maxItemBytes: number;
}

export const DEFAULT_LIMITS: Readonly<CborLimits> = Object.freeze({ maxDepth: 16, maxItemBytes: 1 << 20 });

export const MAX_UINT64 = (1n << 64n) - 1n;
export const MIN_NINT64 = -(1n << 64n);
