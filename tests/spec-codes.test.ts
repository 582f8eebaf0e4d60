/**
 * The spec and the code cannot drift apart: FORMAT.md §8's table lists exactly the codes the
 * packages export, every finding a published vector gives has the layer and severity the
 * table states, and every code in the table is given by some published vector (apart from a
 * short list of codes no bytes can give, named in FORMAT.md §8 and below).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, concatBytes, decode, decodeCheckpoint, decodeCosignature, fromHex, verifyLog } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FOOD_CODES } from '@suyuan/food';
import { VERIFY_CODES, verifyBundle } from '@suyuan/verify';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const VECTORS = join(ROOT, 'tests/vectors');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (name: string): any => JSON.parse(readFileSync(join(VECTORS, name), 'utf8'));

/**
 * Codes no published vector gives, because no bytes a verifier reads can give them (FORMAT.md
 * §8): a store's own files and file system, a file that cannot be read, and values a program
 * hands the library that have no encoding. Each is tested in its package.
 */
const EXEMPT = new Set([
  'STORE_LOCKED', 'STORE_CORRUPT', 'STORE_CHECKPOINT_CONFLICT', 'STORE_NOT_FOUND', 'STORE_EXISTS', 'STORE_CLOSED', 'STORE_READ_ONLY', 'STORE_RANGE', 'STORE_IO',
  'BUNDLE_UNREADABLE',
  'CBOR_UNSUPPORTED_VALUE', 'ARGUMENT_INVALID',
]);

interface Row { code: string; layers: string[]; severities: string[] }

/** The rows of FORMAT.md §8's table: `| `CODE` | layer, layer | severity, severity | meaning |`. */
function specTable(): Row[] {
  const text = readFileSync(join(ROOT, 'docs/FORMAT.md'), 'utf8');
  const section = text.slice(text.indexOf('## 8. Codes and severities'), text.indexOf('## 9. '));
  const rows: Row[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \| .+ \|$/.exec(line);
    if (m) rows.push({ code: m[1]!, layers: m[2]!.split(',').map((s) => s.trim()), severities: m[3]!.split(',').map((s) => s.trim()) });
  }
  return rows;
}

const bundleBytes = (c: { bytes?: string; parts?: { hex: string; times: number }[] }): Uint8Array =>
  c.bytes !== undefined ? fromHex(c.bytes) : concatBytes(c.parts!.flatMap((p) => { const b = fromHex(p.hex); return Array.from({ length: p.times }, () => b); }));

/** Every code a published vector states, by file. */
function vectorCodes(): Map<string, string[]> {
  const by = new Map<string, string[]>();
  const add = (code: string, file: string) => by.set(code, [...(by.get(code) ?? []), file]);
  for (const f of ['bundles.json', 'food-bundles.json']) {
    for (const c of load(f).cases) for (const code of 'error' in c.expect ? [c.expect.error] : c.expect.codes) add(code, f);
  }
  for (const c of load('invalid-logs.json').cases) add(c.expect.code, 'invalid-logs.json');
  for (const c of load('sm2-sm3.json').invalid.cases) for (const code of c.expect.codes) add(code, 'sm2-sm3.json');
  for (const c of load('cbor.json').invalid) add(c.code, 'cbor.json');
  for (const c of load('proofs.json').invalid) add(c.code, 'proofs.json');
  for (const c of load('keys.json').invalid) add(c.code, 'keys.json');
  for (const c of load('food-events.json').cases) for (const [code] of [...(c.validate ?? []), ...(c.append ?? [])] as [string][]) add(code, 'food-events.json');
  return by;
}

describe('FORMAT.md §8: the table of codes', () => {
  const rows = specTable();
  const table = new Map(rows.map((r) => [r.code, r]));
  const exported = [...ERROR_CODES, ...VERIFY_CODES, ...FOOD_CODES];

  it('lists every exported code exactly once, and nothing else', () => {
    expect(rows.length).toBe(table.size);
    expect([...table.keys()].sort()).toEqual([...new Set(exported)].sort());
    for (const r of rows) {
      for (const l of r.layers) expect(['bundle', 'log', 'refs', 'food', 'policy', 'read', 'writer', 'proof', 'key file', 'api', 'store'], r.code).toContain(l);
      for (const s of r.severities) expect(['error', 'warning'], r.code).toContain(s);
    }
  });

  it('every code but the exemptions is given by a published vector; no exemption is', () => {
    const given = vectorCodes();
    const missing = rows.map((r) => r.code).filter((c) => !given.has(c) && !EXEMPT.has(c));
    expect(missing).toEqual([]);
    expect([...EXEMPT].filter((c) => given.has(c))).toEqual([]);
    expect([...EXEMPT].filter((c) => !table.has(c))).toEqual([]);
    for (const code of given.keys()) expect(table.has(code), code).toBe(true);
  });

  it('every finding of the bundle vectors has a layer and severity the table gives its code', async () => {
    for (const f of ['bundles.json', 'food-bundles.json']) {
      for (const c of load(f).cases) {
        if ('error' in c.expect) {
          expect(table.get(c.expect.error)?.layers, c.description).toContain('read');
          continue;
        }
        const r = await verifyBundle(bundleBytes(c), { trust: [fromHex(c.trust)], crypto: nodeCrypto });
        for (const x of r.findings) {
          expect(table.get(x.code)?.layers, `${c.description}: ${x.code}`).toContain(x.layer);
          expect(table.get(x.code)?.severities, `${c.description}: ${x.code}`).toContain(x.severity);
        }
      }
    }
  });

  it('every finding of the log vectors is a `log` code of the severity the table gives', () => {
    const logs = [...load('invalid-logs.json').cases, ...load('sm2-sm3.json').invalid.cases];
    for (const c of logs) {
      const r = verifyLog(fromHex(c.bytes), { crypto: nodeCrypto, checkpoints: c.checkpoints.map((h: string) => decodeCheckpoint(fromHex(h))), cosignatures: (c.cosignatures ?? []).map((h: string) => decodeCosignature(fromHex(h))) });
      for (const x of r.findings) {
        expect(table.get(x.code)?.layers, `${c.description}: ${x.code}`).toContain('log');
        expect(table.get(x.code)?.severities, `${c.description}: ${x.code}`).toContain(x.severity);
      }
    }
    for (const c of load('cbor.json').invalid) {
      expect(() => decode(fromHex(c.hex))).toThrow();
      expect(table.get(c.code)?.layers, c.description).toContain('log');
    }
  });
});
