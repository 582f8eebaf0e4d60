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

// The mutation generator is shared with the browser's differential test (tests/web-verifier.test.ts).
import { mutate, mutation } from '../../../tests/support/mutations.js';

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
