import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, toHex } from '@suyuan/core';
import { FOOD_CODES } from '@suyuan/food';
import { readBundleLogs, VERIFY_CODES } from '@suyuan/verify';
import { main } from '../src/main.js';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;
let work: string;
/** The demo of the 国密 suite (`suyuan demo --suite sm2-sm3`): eight logs, every one signed with SM2 and hashed with SM3. */
let sm: { bundle: string; trust: string };

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
  work = tempDir('suyuan-mutants-');
  const demo = join(tempDir('suyuan-mutants-sm-'), 'demo');
  const r = run(work, ['demo', '--dir', demo, '--suite', 'sm2-sm3', '-q']);
  if (r.code !== 0) throw new Error(`suyuan demo --suite sm2-sm3 → ${r.code}: ${r.err}`);
  sm = { bundle: join(demo, 'demo.bundle'), trust: join(demo, 'authority.pub') };
}, 300_000);

/** Every code a finding may carry: a finding with any other code is a bug. */
const KNOWN = new Set<string>([...ERROR_CODES, ...VERIFY_CODES, ...FOOD_CODES]);

type Report = { verdict: string; findings: { code: string }[]; logs: unknown[]; error?: { code: string } };

/** Runs `suyuan verify` in this process; returns exit code, parsed report and stderr. */
async function verify(bytes: Uint8Array, trust = join(chain.dir, 'authority.pub')): Promise<{ code: number; report: Report | undefined; err: string; ms: number }> {
  const path = join(work, 'm.bundle');
  writeFileSync(path, bytes);
  let out = '';
  let err = '';
  const t = Date.now();
  const code = await main(['verify', path, '--trust', trust, '--json'], { out: (s) => { out += s; }, err: (s) => { err += s; } });
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

/** The bundles mutated: the CLI's chain (Ed25519, SHA-256), whole and as a trace excerpt, and the sm2-sm3 demo. */
const SUBJECTS = [
  { name: 'full', suite: 'ed25519-sha256', runs: 1500, bundle: () => chain.full, trust: () => join(chain.dir, 'authority.pub') },
  { name: 'trace', suite: 'ed25519-sha256', runs: 800, bundle: () => chain.trace, trust: () => join(chain.dir, 'authority.pub') },
  // Fewer runs: the demo has eight logs and SM2 checks cost more than Ed25519 (about 300 runs a minute here).
  { name: 'sm2-sm3 demo', suite: 'sm2-sm3', runs: 400, bundle: () => sm.bundle, trust: () => sm.trust },
] as const;

/** Where each log section starts, and where the end item does. */
const sectionStarts = (b: Uint8Array) => [...Buffer.from(b).toString('latin1').matchAll(/\x85clog/g)].map((x) => x.index!); // ["log", …]
const endOf = (b: Uint8Array) => Buffer.from(b).lastIndexOf(Buffer.from([0x83, 0x63, 0x65, 0x6e, 0x64])); // ["end", …]

/** The bundle with its log sections in the order `order` (indices into its sections). */
function permute(b: Uint8Array, order: readonly number[]): Uint8Array {
  const starts = sectionStarts(b);
  const bounds = [...starts, endOf(b)];
  const parts = starts.map((_, i) => b.subarray(bounds[i]!, bounds[i + 1]!));
  return Uint8Array.from([...b.subarray(0, starts[0]!), ...order.flatMap((i) => [...parts[i]!]), ...b.subarray(bounds.at(-1)!)]);
}

describe('random corruptions of real bundles through `suyuan verify`', () => {
  for (const subject of SUBJECTS) {
    it(`every corruption of the ${subject.name} bundle (${subject.suite}) is detected with a known code or provably harmless; none crashes or hangs`, async () => {
      const original = new Uint8Array(readFileSync(subject.bundle()));
      const check = (bytes: Uint8Array) => verify(bytes, subject.trust());
      const baseline = await check(original);
      expect(baseline.report!.verdict).toBe('valid');
      const originalContent = content(original);
      let detected = 0;
      let harmless = 0;
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const bytes = mutate(original, m);
          const r = await check(bytes);
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
            for (const f of r.report!.findings) expect(KNOWN.has(f.code), f.code).toBe(true);
            detected++;
          } else {
            // Not refused: then nothing that was signed may differ (only unsigned bundle metadata).
            expect(r.code).toBe(0);
            expect(content(bytes)).toBe(originalContent);
            harmless++;
          }
        }),
        { numRuns: subject.runs },
      );
      expect(detected).toBeGreaterThan(harmless);
    }, 300_000);

    it(`the ${subject.name} bundle (${subject.suite}) with its sections in any order: the same verdict, findings and content`, async () => {
      const original = new Uint8Array(readFileSync(subject.bundle()));
      const baseline = await verify(original, subject.trust());
      const n = sectionStarts(original).length;
      expect(n).toBe(baseline.report!.logs.length); // every section found, and nothing else taken for one
      const sorted = (c: string) => JSON.stringify({ ...JSON.parse(c), logs: JSON.parse(c).logs.sort() });
      const findings = (r: Report) => r.findings.map((f) => JSON.stringify(f)).sort();
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), async (order) => {
          const bytes = permute(original, order);
          const r = await verify(bytes, subject.trust());
          expect(r.code).toBe(0);
          expect(r.report!.verdict).toBe(baseline.report!.verdict);
          expect(findings(r.report!)).toEqual(findings(baseline.report!));
          expect(r.report!.logs).toEqual(baseline.report!.logs); // listed by log id, not in the bundle's order
          expect(sorted(content(bytes))).toBe(sorted(content(original)));
        }),
        { numRuns: 12 },
      );
    }, 120_000);
  }

  it('a changed SM2 checkpoint signature (r, s, or s out of range) is CHECKPOINT_SIGNATURE', async () => {
    const original = new Uint8Array(readFileSync(sm.bundle));
    const b = Buffer.from(original);
    // A checkpoint item: "checkpoint", the log id (32 bytes), the size, the root (32 bytes), the time (8 bytes), then the 64-byte signature r ‖ s.
    const signatures: number[] = [];
    for (let i = b.indexOf('checkpoint'); i >= 0; i = b.indexOf('checkpoint', i + 1)) {
      const root = b.indexOf(Buffer.from([0x58, 0x20]), i + 10 + 34);
      expect(b[root + 34]).toBe(0x1b); // the time, a uint64
      expect([b[root + 43], b[root + 44]]).toEqual([0x58, 0x40]); // a 64-byte string
      signatures.push(root + 45);
    }
    expect(signatures.length).toBeGreaterThanOrEqual(8);
    for (const at of [signatures[0]!, signatures.at(-1)!]) {
      const cases = [(c: Uint8Array) => { c[at]! ^= 1; }, (c: Uint8Array) => { c[at + 63]! ^= 0x80; }, (c: Uint8Array) => { c.fill(0xff, at + 32, at + 64); }];
      for (const change of cases) {
        const bytes = Uint8Array.from(original);
        change(bytes);
        const r = await verify(bytes, sm.trust);
        expect(r.code).toBe(1);
        expect(r.report!.findings.map((f) => f.code)).toContain('CHECKPOINT_SIGNATURE');
      }
    }
  });

  it('two bundles spliced together, sections reordered or duplicated: each found', async () => {
    const full = new Uint8Array(readFileSync(chain.full));
    const trace = new Uint8Array(readFileSync(chain.trace));
    const sections = sectionStarts;
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
