export * from '../src/index.js';

export function utf8ForTests(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
