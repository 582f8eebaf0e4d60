import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@suyuan/core';
import { readBundleLogs } from '@suyuan/verify';
import { main } from '../src/main.js';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;
let work: string;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
  work = tempDir('suyuan-mutants-');
}, 180_000);

/** Runs `suyuan verify` in this process; returns exit code, parsed report and stderr. */
async function verify(bytes: Uint8Array): Promise<{ code: number; report: { verdict: string; findings: { code: string }[]; error?: { code: string } } | undefined; err: string; ms: number }> {
  const path = join(work, 'm.bundle');
  writeFileSync(path, bytes);
  let out = '';
  let err = '';
  const t = Date.now();
  const code = await main(['verify', path, '--trust', join(chain.dir, 'authority.pub'), '--json'], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, report: out ? JSON.parse(out) : undefined, err, ms: Date.now() - t };
}

/** What the bundle says once decoded: every log's records and, so, what was signed. */
function content(bytes: Uint8Array): string {
  const path = join(work, 'c.bundle');
  writeFileSync(path, bytes);
  const { logs, findings } = readBundleLogs(path);
  return JSON.stringify({ findings: findings.length, logs: logs.map((l) => [toHex(l.logId), l.records.map((r) => [r.seq, r.kind, JSON.stringify(r.body, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v))])]) });
}

/** Where each kind of item lies in a bundle, found by its tag, so every region gets mutations. */
function regions(bytes: Uint8Array): Record<string, [number, number][]> {
  const b = Buffer.from(bytes);
  const find = (tag: string, span: number) => {
    const out: [number, number][] = [];
    for (let i = b.indexOf(tag); i >= 0; i = b.indexOf(tag, i + 1)) out.push([Math.max(0, i - 2), Math.min(b.length, i + span)]);
    return out;
  };
  return {
    header: [[0, 40]],
    sectionHeader: find('log', 60),
    checkpoint: find('checkpoint', 160), // the last 64 bytes are the signature
    proof: find('proof', 120),
    end: [[b.length - 12, b.length]],
    anywhere: [[0, b.length]],
  };
}

type Mutation = { region: string; pick: number; kind: 'flip' | 'set' | 'cut' | 'delete' | 'insert' | 'duplicate'; bit: number; byte: number; len: number };

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const all = regions(bytes);
  const spans = all[m.region]!.length > 0 ? all[m.region]! : all.anywhere!; // a full bundle has no proofs
  const [from, to] = spans[m.pick % spans.length]!;
  const at = from + (m.pick % Math.max(1, to - from));
  const b = Uint8Array.from(bytes);
  switch (m.kind) {
    case 'flip': b[at]! ^= 1 << m.bit; return b;
    case 'set': b[at] = m.byte; return b;
    case 'cut': return b.subarray(0, at);
    case 'delete': return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
    case 'insert': return Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
    case 'duplicate': return Uint8Array.from([...b.subarray(0, at + m.len), ...b.subarray(at, at + m.len), ...b.subarray(at + m.len)]);
  }
}

const mutation = fc.record({
  region: fc.constantFrom('header', 'sectionHeader', 'checkpoint', 'proof', 'end', 'anywhere', 'anywhere', 'anywhere'),
  pick: fc.nat(),
  kind: fc.constantFrom('flip', 'flip', 'set', 'cut', 'delete', 'insert', 'duplicate'),
  bit: fc.nat({ max: 7 }),
  byte: fc.nat({ max: 255 }),
  len: fc.integer({ min: 1, max: 400 }),
}) as fc.Arbitrary<Mutation>;

describe('random corruptions of real bundles through `suyuan verify`', () => {
  for (const which of ['full', 'trace'] as const) {
    it(`every corruption of the ${which} bundle is detected with a code or provably harmless; none crashes or hangs`, async () => {
      const original = new Uint8Array(readFileSync(which === 'full' ? chain.full : chain.trace));
      const baseline = await verify(original);
      expect(baseline.report!.verdict).toBe('valid');
      const originalContent = content(original);
      let detected = 0;
      let harmless = 0;
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const bytes = mutate(original, m);
          const r = await verify(bytes);
          expect(r.err).not.toMatch(/unexpected error/);
          expect(r.ms).toBeLessThan(10_000);
          if (r.code === 2) {
            // No longer starts with a bundle header: refused before any verdict.
            expect(r.report!.error!.code).toBe('CLI_NOT_A_BUNDLE');
            expect(Buffer.from(bytes.subarray(0, 15)).equals(Buffer.from(original.subarray(0, 15)))).toBe(false);
            detected++;
          } else if (r.code === 1) {
            expect(r.report!.verdict).toBe('invalid');
            expect(r.report!.findings.length).toBeGreaterThan(0);
            detected++;
          } else {
            // Not refused: then nothing that was signed may differ (only unsigned bundle metadata).
            expect(r.code).toBe(0);
            expect(content(bytes)).toBe(originalContent);
            harmless++;
          }
        }),
        { numRuns: which === 'full' ? 1500 : 800 },
      );
      expect(detected).toBeGreaterThan(harmless);
    }, 300_000);
  }

  it('two bundles spliced together, sections reordered or duplicated: each found', async () => {
    const full = new Uint8Array(readFileSync(chain.full));
    const trace = new Uint8Array(readFileSync(chain.trace));
    const endOf = (b: Uint8Array) => Buffer.from(b).lastIndexOf(Buffer.from([0x83, 0x63, 0x65, 0x6e, 0x64])); // ["end", …]
    const sections = (b: Uint8Array) => [...Buffer.from(b).toString('latin1').matchAll(/\x85clog/g)].map((x) => x.index!); // ["log", …]
    // The logs of the trace bundle appended to the full one, before its end item.
    const spliced = Uint8Array.from([...full.subarray(0, endOf(full)), ...trace.subarray(sections(trace)[0]!)]);
    expect((await verify(spliced)).report!.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['BUNDLE_DUPLICATE_LOG']));
    // A bundle's own logs twice.
    const twice = Uint8Array.from([...full.subarray(0, endOf(full)), ...full.subarray(sections(full)[0]!)]);
    expect((await verify(twice)).code).toBe(1);
    // Two whole sections swapped: the same signed content in another order, read the same.
    const [, a, b] = sections(full);
    const reordered = Uint8Array.from([...full.subarray(0, a), ...full.subarray(b!, sections(full)[3]), ...full.subarray(a!, b), ...full.subarray(sections(full)[3]!)]);
    const r = await verify(reordered);
    expect(r.code).toBe(0);
    expect(JSON.parse(content(reordered)).logs.sort()).toEqual(JSON.parse(content(full)).logs.sort());
  });
});
