/**
 * Strict UTF-8 validation (Unicode Table 3-7: no overlongs, no surrogates, nothing above
 * U+10FFFF). Returns 1 if the range is pure ASCII, 2 if it is valid with non-ASCII, 0 if it
 * is not valid UTF-8.
 */
export function checkUtf8(b: Uint8Array, start: number, end: number): 0 | 1 | 2 {
  let i = start;
  while (i < end && b[i]! < 0x80) i++;
  if (i === end) return 1;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    if (c < 0xc2 || c > 0xf4) return 0;
    if (c < 0xe0) {
      if (i + 1 >= end || (b[i + 1]! & 0xc0) !== 0x80) return 0;
      i += 2;
      continue;
    }
    if (c < 0xf0) {
      if (i + 2 >= end) return 0;
      const c1 = b[i + 1]!;
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (c1 < lo || c1 > hi || (b[i + 2]! & 0xc0) !== 0x80) return 0;
      i += 3;
      continue;
    }
    if (i + 3 >= end) return 0;
    const c1 = b[i + 1]!;
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi || (b[i + 2]! & 0xc0) !== 0x80 || (b[i + 3]! & 0xc0) !== 0x80) return 0;
    i += 4;
  }
  return 2;
}

const decoder = new TextDecoder('utf-8');

/** Decodes a range already checked by `checkUtf8`. */
export function decodeUtf8(b: Uint8Array, start: number, end: number, ascii: boolean): string {
  if (ascii && end - start <= 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  return decoder.decode(b.subarray(start, end));
}
