const DIGITS = new TextEncoder().encode('0123456789abcdef');
const decoder = new TextDecoder();
let scratch = new Uint8Array(130);

/**
 * Lower-case hex as one flat string. Core's toHex adds two characters at a time, which V8
 * keeps as a rope of one node per byte (about 1 KB for a 32-byte log id) until something
 * flattens it; the verifier keeps a few ids per log, for any number of logs.
 */
export function flatHex(bytes: Uint8Array): string {
  if (scratch.length < 2 * bytes.length) scratch = new Uint8Array(2 * bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    scratch[2 * i] = DIGITS[bytes[i]! >> 4]!;
    scratch[2 * i + 1] = DIGITS[bytes[i]! & 15]!;
  }
  return decoder.decode(scratch.subarray(0, 2 * bytes.length));
}

/** One copy of each distinct string (authors and enterprises repeat across logs). */
export class Interner {
  private readonly seen = new Map<string, string>();

  of<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const known = this.seen.get(s);
    if (known !== undefined) return known as T;
    this.seen.set(s, s);
    return s;
  }
}
