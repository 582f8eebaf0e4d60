import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, buildChainWithCli, ensureBuilt, run, type Run } from './cli-fixture.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = buildChainWithCli().dir;
}, 300_000);

/** The built CLI with its stderr kept on success too; `env` added to the environment. */
function cli(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** With SOURCE_DATE_EPOCH fixed, so `created` (and EPCIS creationDate) do not differ between runs. */
const fixed = (args: string[]) => cli(args, { SOURCE_DATE_EPOCH: '1764115200' });

const bytes = (name: string) => readFileSync(join(dir, name));

describe('export gives the same bytes whatever the order of the LOGDIRs (issue 9)', () => {
  it('a bundle of whole logs', () => {
    expect(fixed(['export', '--out', 'a.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']).code).toBe(0);
    expect(fixed(['export', '--out', 'b.bundle', 'market', '--authority', 'auth', 'wholesaler', 'farm']).code).toBe(0);
    expect(bytes('a.bundle').equals(bytes('b.bundle'))).toBe(true);
    expect(run(dir, ['verify', 'a.bundle', '--trust', 'authority.pub']).code).toBe(0);
  });

  it('a trace excerpt', () => {
    expect(fixed(['export', '--out', 'a.trace', '--authority', 'auth', 'farm', 'wholesaler', 'market', '--trace-code', 'SY-3']).code).toBe(0);
    expect(fixed(['export', '--out', 'b.trace', '--authority', 'auth', 'market', 'farm', 'wholesaler', '--trace-code', 'SY-3']).code).toBe(0);
    expect(bytes('a.trace').equals(bytes('b.trace'))).toBe(true);
  });

  it('SOURCE_DATE_EPOCH sets the header\'s created', () => {
    const r = JSON.parse(run(dir, ['verify', 'a.bundle', '--trust', 'authority.pub', '--json']).out) as { header: { created: number } };
    expect(r.header.created).toBe(1764115200_000);
  });

  it('the FSMA 204 spreadsheet is sorted by time, then log, then seq, whatever the order', () => {
    expect(fixed(['export', '--format', 'fsma204-csv', '--out', 'a.csv', 'farm', 'wholesaler', 'market']).code).toBe(0);
    expect(fixed(['export', '--format', 'fsma204-csv', '--out', 'b.csv', 'market', 'wholesaler', 'farm']).code).toBe(0);
    expect(bytes('a.csv').equals(bytes('b.csv'))).toBe(true);
    // the farm's records were written first: its harvest comes before the market's sales
    const text = bytes('a.csv').toString('utf8');
    expect(text.indexOf('QK-1')).toBeLessThan(text.indexOf('SY-0') < 0 ? Infinity : text.indexOf('SY-0'));
  });

  it('EPCIS events in one order whatever the order', () => {
    expect(fixed(['export', '--format', 'epcis', '--out', 'a.jsonld', 'farm', 'wholesaler', 'market']).code).toBe(0);
    expect(fixed(['export', '--format', 'epcis', '--out', 'b.jsonld', 'market', 'farm', 'wholesaler']).code).toBe(0);
    expect(bytes('a.jsonld').equals(bytes('b.jsonld'))).toBe(true);
  });
});

describe('a trace excerpt whose upstream logs were not given says so (issue 9)', () => {
  it('warns, names the missing log, and says incomplete in the summary and --json', () => {
    const r = cli(['export', '--out', 't4.bundle', '--authority', 'auth', 'market', '--trace-code', 'SY-3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/incomplete/);
    expect(r.err).toMatch(/91350100MA2XN8KX46/); // the wholesaler the market received from
    const j = JSON.parse(run(dir, ['export', '--out', 't5.bundle', '--authority', 'auth', 'market', '--trace-code', 'SY-3', '--json']).out) as { complete: boolean; missing: { logId: string; enterprise?: string }[] };
    expect(j.complete).toBe(false);
    expect(j.missing.map((m) => m.enterprise)).toEqual(['91350100MA2XN8KX46']);
  });

  it('a complete excerpt says nothing of the kind', () => {
    const j = JSON.parse(run(dir, ['export', '--out', 't6.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market', '--trace-code', 'SY-3', '--json']).out) as { complete: boolean; missing: unknown[] };
    expect(j.complete).toBe(true);
    expect(j.missing).toEqual([]);
  });
});
