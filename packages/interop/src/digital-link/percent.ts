/** Percent-encoding of AI values in Digital Link URIs. */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The general rule (GS1 Digital Link, RFC 3986): everything but the unreserved characters is
 * percent-encoded; in a query value a space may be written as "+".
 */
export function encodeDlValue(value: string, inQuery = false): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else if (inQuery && ch === ' ') out += '+';
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Decodes %XX sequences (and "+" as a space in a query value). Undefined if the result holds
 * a NUL or is not UTF-8; a "%" not followed by two hex digits stays a literal "%".
 */
export function decodeDlValue(raw: string, inQuery = false): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (inQuery && c === 0x2b) bytes.push(0x20);
    else if (c < 0x80) bytes.push(c);
    else for (const b of new TextEncoder().encode(raw[i]!)) bytes.push(b);
  }
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}
