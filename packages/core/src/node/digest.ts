import { hash } from 'node:crypto';

/**
 * A node:crypto one-shot digest as a plain Uint8Array (a Buffer JSON-serialises differently from
 * noble's results). The digest is asked for as a 'binary' (latin1) string, one character per byte, and copied
 * out: in Node 20 `hash(…, 'buffer')` costs about twice as much per call (it allocates a Buffer and
 * its backing store, and lower-cases the encoding name each time), and a verifier makes two calls
 * per record.
 */
export function digest(algorithm: 'sha256' | 'sm3', data: Uint8Array): Uint8Array {
  const s = hash(algorithm, data, 'binary');
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
