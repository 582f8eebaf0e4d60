import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChainWithCli, ensureBuilt, run } from '../packages/cli/test/cli-fixture.js';
import { tempDir } from './support/temp-dir.js';

/**
 * Issue 10 for `suyuan report`: nothing unverified is shown as fact, and names come from the
 * authority's enrolment. The report reads the HTML it writes; these tests read that HTML.
 */
let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

const ok = (dir: string, args: string[], input?: string) => {
  const r = run(dir, args, input);
  if (r.code !== 0) throw new Error(`suyuan ${args.join(' ')} → ${r.code}: ${r.err}${r.out}`);
  return r.out;
};
/** The report's record cards, each as its HTML. */
const cards = (html: string) => [...html.matchAll(/<article class="record[^"]*"[\s\S]*?<\/article>/g)].map((m) => m[0]);
const tagsWith = (html: string, cls: string) => [...html.matchAll(new RegExp(`<[a-z]+ [^>]*class="[^"]*\\b${cls}\\b[^"]*"`, 'g'))].map((m) => m[0]);

/** The chain's full bundle with the farm's harvest of 1000 kg turned into 9000 kg (the farm's chain then fails). */
function forged(dir: string): string {
  const bytes = readFileSync(chain.full);
  const at = bytes.indexOf(Buffer.from('6431303030', 'hex'));
  expect(at).toBeGreaterThan(0);
  bytes[at + 1] = 0x39;
  writeFileSync(join(dir, 'forged.bundle'), bytes);
  cpSync(join(chain.dir, 'authority.pub'), join(dir, 'authority.pub'));
  return 'forged.bundle';
}

describe('suyuan report shows only signed, verified records as fact (issue 10)', () => {
  it('a valid bundle: every part verified, no unverified mark', () => {
    const dir = tempDir('suyuan-report-trust-');
    cpSync(chain.dir, dir, { recursive: true });
    expect(run(dir, ['report', 'full.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--out', 'r.html']).code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('data-verified="true"');
    expect(tagsWith(html, 'unverified')).toEqual([]);
    expect(cards(html).length).toBeGreaterThan(5);
    expect(html).toContain('id="journey"');
  });

  it('records after the last checkpoint (an unsigned tail holding a forged certificate) never show as a signed row: exit 3, counted apart as unsigned', () => {
    const dir = tempDir('suyuan-report-trust-');
    cpSync(chain.dir, dir, { recursive: true });
    const certificate = { kind: 'food.certificate', body: { eventTime: '2025-11-26T09:00:00+08:00', lot: 'QK-1', product: { description: '青菜', category: '0101' }, quantity: { value: '1000', unit: 'KGM' }, certificate: { type: '承诺达标合格证', number: 'FORGED-1', issuer: { name: 'x' }, issuedOn: '2025-11-26' }, origin: '闽侯' } };
    ok(dir, ['append', 'farm', '--key', 'farm.key', '-'], JSON.stringify(certificate));
    ok(dir, ['export', '--out', 'tail.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']);
    const r = run(dir, ['report', 'tail.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--out', 'r.html', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'unsigned', verified: true });
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('data-verdict="unsigned"');
    expect(cards(html).filter((c) => c.includes('food.certificate'))).toEqual([]);
    expect(html).not.toContain('FORGED-1');
    // The farm's log: 5 signed records and one unsigned, said apart.
    expect(html).toMatch(/<tr data-log="[0-9a-f]+" data-unsigned="1">/);
    expect(html).toContain('id="unsigned"');
    // The rest of the journey still stands on the signed records.
    expect(cards(html).some((c) => c.includes('food.harvest'))).toBe(true);
  });

  it('an invalid bundle is refused: only the verdict and its findings, exit 1; nothing of it as fact', () => {
    const dir = tempDir('suyuan-report-trust-');
    const bundle = forged(dir);
    const r = run(dir, ['report', bundle, '--trust', 'authority.pub', '--code', 'SY-3', '--out', 'r.html', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'invalid', verified: false, journey: null });
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('data-verdict="invalid"');
    expect(html).toContain('data-verified="false"');
    expect(html).toMatch(/<code>(CHAIN_[A-Z_]+|CHECKPOINT_[A-Z_]+|LEAF_[A-Z_]+)<\/code>/);
    expect(html).not.toContain('id="journey"');
    expect(html).not.toContain('id="timeline"');
    expect(cards(html)).toEqual([]);
    expect(html).toContain('id="refused"');
    // In text: the findings on stderr, as trace and recall give them.
    const t = run(dir, ['report', bundle, '--trust', 'authority.pub', '--code', 'SY-3', '--out', 't.html']);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/invalid/);
  });

  it('--unverified shows the journey of an invalid bundle with every part marked unverified', () => {
    const dir = tempDir('suyuan-report-trust-');
    const bundle = forged(dir);
    const r = run(dir, ['report', bundle, '--trust', 'authority.pub', '--code', 'SY-3', '--out', 'r.html', '--unverified', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'invalid', verified: false, journey: { traceCode: 'SY-3' } });
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('data-verified="false"');
    expect(html).toContain('id="unverified"');
    const parts = [...html.matchAll(/<div class="node [^"]*"/g), ...html.matchAll(/<article class="record[^"]*"/g), ...html.matchAll(/<li class="event[^"]*"/g)].map((m) => m[0]);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(p).toMatch(/\bunverified\b/);
    // The farm's log did not verify: none of its records (the forged 9000 kg harvest among them) is in the graph.
    expect(html).not.toContain('9000');
  });
});

describe('suyuan report names businesses by their enrolment (issue 10)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('suyuan-report-names-');
    for (const k of ['authority', 'farm', 'wholesaler']) ok(dir, ['keygen', k]);
    ok(dir, ['init', 'auth', '--key', 'authority.key', '--enterprise', '12350000MB0000000K', '--authority']);
    ok(dir, ['init', 'farm', '--key', 'farm.key', '--enterprise', '91350100M000100Y43', '--name', '自称农场']);
    ok(dir, ['init', 'wholesaler', '--key', 'wholesaler.key', '--enterprise', '91350100MA2XN8KX46']);
    ok(dir, ['enroll', 'auth', '--key', 'authority.key', '--pub', 'farm.pub', '--enterprise', '91350100M000100Y43', '--name', '登记农场', '--roles', 'farm', '--valid-from', '2025-01-01T00:00:00Z']);
    ok(dir, ['enroll', 'auth', '--key', 'authority.key', '--pub', 'wholesaler.pub', '--enterprise', '91350100MA2XN8KX46', '--name', '登记批发商', '--roles', 'wholesaler', '--valid-from', '2025-01-01T00:00:00Z']);
    const P = { lot: 'QK-1', product: { description: '青菜', category: '0101' }, quantity: { value: '100', unit: 'KGM' } };
    const T = '2025-11-26T08:00:00+08:00';
    const farm = JSON.parse(ok(dir, ['append', 'farm', '--key', 'farm.key', '-', '--json'], [
      { kind: 'food.harvest', body: { eventTime: T, ...P, method: 'harvest', origin: { region: '闽侯', field: 'F1' } } },
      // The shipper's own words for the buyer: never shown as the buyer's name.
      { kind: 'food.ship', body: { eventTime: T, items: [P], destination: { enterprise: '91350100MA2XN8KX46', name: '自称批发' } } },
    ].map((e) => JSON.stringify(e)).join('\n')));
    ok(dir, ['checkpoint', 'farm', '--key', 'farm.key']);
    ok(dir, ['append', 'wholesaler', '--key', 'wholesaler.key', '-'], JSON.stringify({ kind: 'food.receive', body: { eventTime: T, items: [P], source: { enterprise: '91350100M000100Y43' }, status: 'accepted' }, refs: [{ logId: farm.logId, seq: 2, leafHash: farm.appended[1].leafHash }] }));
    ok(dir, ['checkpoint', 'wholesaler', '--key', 'wholesaler.key']);
    ok(dir, ['export', '--out', 'b.bundle', '--authority', 'auth', 'farm', 'wholesaler']);
  }, 120_000);

  it('a genesis name that differs from the enrolled one: the enrolled name everywhere, POLICY_NAME_MISMATCH listed', () => {
    const r = run(dir, ['report', 'b.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-1', '--out', 'r.html']);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<code>POLICY_NAME_MISMATCH</code>');
    const findings = html.slice(html.indexOf('id="findings"'), html.indexOf('</ol>', html.indexOf('id="findings"')));
    const rest = html.replace(findings, '');
    expect(rest).not.toContain('自称农场');
    expect(rest).not.toContain('自称批发');
    const journey = html.slice(html.indexOf('id="journey"'));
    expect(journey).toContain('登记农场');
    expect(journey).toContain('登记批发商');
    // The shipment's destination is the buyer's enrolled name.
    expect(cards(html).find((c) => c.includes('food.ship'))).toContain('登记批发商');
    // Enrolled roles in words, from the catalogue the pages share (not the role codes).
    const businesses = html.slice(html.indexOf('data-log='), html.indexOf('</table>', html.indexOf('data-log=')));
    expect(businesses).toContain('种植养殖场');
    expect(businesses).toContain('批发商');
    expect(businesses).not.toMatch(/<td>(farm|wholesaler)<\/td>/);
  });
});
