import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { ROOT, buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;
const LOGS = ['farm', 'wholesaler', 'market'];
const VECTORS = join(ROOT, 'tests/vectors/external/epcis-hash/examples');
const HASH_ID = /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

const ok = (cwd: string, args: string[], input?: string) => {
  const r = run(cwd, args, input);
  if (r.code !== 0) throw new Error(`suyuan ${args.join(' ')} → ${r.code}: ${r.out} ${r.err}`);
  return r;
};
const hashes = (cwd: string, file: string) => ok(cwd, ['epcis', 'hash', file]).out.trim().split('\n');

/** A new, empty log for the wholesaler (its own key), to import into. */
function freshLog(name: string): void {
  ok(chain.dir, ['keygen', `${name}-key`]);
  ok(chain.dir, ['init', name, '--key', `${name}-key.key`, '--enterprise', '91350100MA2XN8KX46']);
}

describe('suyuan epcis hash', () => {
  it('reproduces a shared vector\'s .hashes file, one line per event and nothing else', () => {
    for (const name of ['ReferenceEventHashAlgorithm', 'CertificationInfoAndSensorReportWithCRS']) {
      const r = ok(chain.dir, ['epcis', 'hash', join(VECTORS, `${name}.jsonld`)]);
      expect(r.out).toBe(readFileSync(join(VECTORS, `${name}.hashes`), 'utf8').trim() + '\n');
    }
  });

  it('reads standard input, and --json lists index and hashId', () => {
    const doc = readFileSync(join(VECTORS, 'ReferenceEventHashAlgorithm.jsonld'), 'utf8');
    const expected = readFileSync(join(VECTORS, 'ReferenceEventHashAlgorithm.hashes'), 'utf8').trim().split('\n');
    const r = ok(chain.dir, ['epcis', 'hash', '-', '--json'], doc);
    expect(JSON.parse(r.out).events).toEqual(expected.map((hashId, index) => ({ index, hashId })));
  });

  it('refuses a document that is not JSON with the interop code, exit 1', () => {
    const r = run(chain.dir, ['epcis', 'hash', '-', '--json'], '{"type":"EPCISDocument", "epcisBody": {"eventList": [ {');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.reason).toMatch(/^EPCIS_/);
  });
});

describe('suyuan export --format', () => {
  it('epcis: one event per food record, each with its Event Hash ID, and epcis hash agrees', () => {
    const r = ok(chain.dir, ['export', '--format', 'epcis', '--out', 'chain.jsonld', ...LOGS, '--json']);
    const summary = JSON.parse(r.out);
    const doc = JSON.parse(readFileSync(join(chain.dir, 'chain.jsonld'), 'utf8'));
    const ids = doc.epcisBody.eventList.map((e: { eventID: string }) => e.eventID);
    expect(summary).toMatchObject({ format: 'epcis', events: 14, issues: [] }); // farm 4, wholesaler 3, market 7
    expect(ids).toHaveLength(14);
    for (const id of ids) expect(id).toMatch(HASH_ID);
    expect(hashes(chain.dir, 'chain.jsonld')).toEqual(ids);
  });

  it('epcis to standard output when --out is left out; never over an existing file without --force', () => {
    const r = ok(chain.dir, ['export', '--format', 'epcis', 'farm']);
    expect(JSON.parse(r.out).type).toBe('EPCISDocument');
    ok(chain.dir, ['export', '--format', 'epcis', '--out', 'farm.jsonld', 'farm']);
    const again = run(chain.dir, ['export', '--format', 'epcis', '--out', 'farm.jsonld', 'farm', '--json']);
    expect(again.code).toBe(2);
    expect(errorCode(again)).toBe('CLI_EXISTS');
    ok(chain.dir, ['export', '--format', 'epcis', '--out', 'farm.jsonld', 'farm', '--force']);
  });

  it('never writes into a log it reads', () => {
    const r = run(chain.dir, ['export', '--format', 'fsma204-csv', '--out', 'farm/x.csv', 'farm', '--json']);
    expect(errorCode(r)).toBe('CLI_OUTPUT_IS_INPUT');
    expect(existsSync(join(chain.dir, 'farm/x.csv'))).toBe(false);
  });

  it('fsma204-csv opens with a byte-order mark and has a row per Critical Tracking Event', () => {
    const r = ok(chain.dir, ['export', '--format', 'fsma204-csv', '--out', 'chain.csv', ...LOGS, '--json']);
    const bytes = readFileSync(join(chain.dir, 'chain.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter((l) => l !== '');
    const ctes = lines.slice(1).map((l) => l.split(',')[0]);
    // harvest; farm ship; wholesaler receive, transform (a row per new lot: W-1, W-2), ship; market receive. Sales and tests are not CTEs.
    expect(ctes.sort()).toEqual(['Harvesting', 'Receiving', 'Receiving', 'Shipping', 'Shipping', 'Transformation', 'Transformation']);
    expect(JSON.parse(r.out).rows).toBe(7);
    expect(lines[0]).toMatch(/^Critical tracking event,Traceability lot code,/);
  });

  it('fsma204-csv --lot selects that lot\'s rows; fsma options are refused with other formats', () => {
    const r = ok(chain.dir, ['export', '--format', 'fsma204-csv', '--lot', 'W-1', ...LOGS]);
    const rows = r.out.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('W-1');
    expect(errorCode(run(chain.dir, ['export', '--format', 'epcis', '--lot', 'W-1', 'farm', '--json']))).toBe('CLI_BAD_VALUE');
    expect(errorCode(run(chain.dir, ['export', '--format', 'epcis', '--trace-code', 'SY-1', 'farm', '--json']))).toBe('CLI_BAD_VALUE');
    expect(errorCode(run(chain.dir, ['export', '--format', 'csv', 'farm', '--json']))).toBe('CLI_BAD_VALUE');
  });

  it('fsma204-xlsx writes a workbook (a zip with the sheet)', () => {
    const r = ok(chain.dir, ['export', '--format', 'fsma204-xlsx', '--out', 'chain.xlsx', ...LOGS, '--json']);
    expect(JSON.parse(r.out).rows).toBe(7);
    const bytes = readFileSync(join(chain.dir, 'chain.xlsx'));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
  });

  it('refuses a damaged log, whatever the format', () => {
    const dir = tempDir('suyuan-interop-damage-');
    cpSync(join(chain.dir, 'market'), join(dir, 'market'), { recursive: true });
    const seg = readdirSync(join(dir, 'market')).find((f) => f.startsWith('seg-'))!;
    const bytes = readFileSync(join(dir, 'market', seg));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    writeFileSync(join(dir, 'market', seg), bytes);
    for (const format of ['epcis', 'fsma204-csv']) {
      const r = run(dir, ['export', '--format', format, '--out', 'm.out', 'market', '--json']);
      expect(r.code).toBe(1);
      expect(errorCode(r)).toBe('STORE_CORRUPT');
      expect(existsSync(join(dir, 'm.out'))).toBe(false);
    }
  });
});

describe('suyuan import epcis', () => {
  it('round trip: export → import into a fresh log → export gives the same Event Hash IDs', () => {
    ok(chain.dir, ['export', '--format', 'epcis', '--out', 'rt.jsonld', ...LOGS]);
    freshLog('rt');
    const r = ok(chain.dir, ['import', 'epcis', 'rt.jsonld', '--log', 'rt', '--key', 'rt-key.key', '--json']);
    expect(JSON.parse(r.out).appended).toHaveLength(14);
    ok(chain.dir, ['export', '--format', 'epcis', '--out', 'rt2.jsonld', 'rt']);
    expect(hashes(chain.dir, 'rt2.jsonld')).toEqual(hashes(chain.dir, 'rt.jsonld'));
    // the same document again: every event is already recorded, nothing is appended
    const again = run(chain.dir, ['import', 'epcis', 'rt.jsonld', '--log', 'rt', '--key', 'rt-key.key', '--json']);
    expect(again.code).toBe(1);
    expect(errorCode(again)).toBe('CLI_DUPLICATE_EVENT');
  });

  it('a correction of an imported event names the record that event became', () => {
    const dir = tempDir('suyuan-interop-corr-');
    cpSync(chain.dir, dir, { recursive: true });
    const sale = JSON.parse(ok(dir, ['show', 'market', '2', '--json']).out);
    const logId = JSON.parse(ok(dir, ['inspect', 'market', '--json']).out).logId;
    const correction = { kind: 'food.correction', body: { eventTime: '2025-11-26T08:30:00+08:00', reason: 'entered twice', action: 'void' }, refs: [{ logId, seq: 2, leafHash: sale.leafHash }] };
    ok(dir, ['append', 'market', '--key', 'market.key', '-'], JSON.stringify(correction));
    ok(dir, ['export', '--format', 'epcis', '--out', 'm.jsonld', 'market']);
    ok(dir, ['keygen', 'm2']);
    ok(dir, ['init', 'm2', '--key', 'm2.key', '--enterprise', '92350102MA2MKT0013']);
    const imported = JSON.parse(ok(dir, ['import', 'epcis', 'm.jsonld', '--log', 'm2', '--key', 'm2.key', '--json']).out);
    const last = imported.appended[imported.appended.length - 1];
    const saleCopy = imported.appended.find((a: { index: number }) => a.index === 1); // the document's event 1 is record 2, the first sale
    const stored = JSON.parse(ok(dir, ['show', 'm2', String(last.seq), '--json']).out);
    expect(stored.kind).toBe('food.correction');
    expect(stored.refs).toEqual([{ logId: imported.logId, seq: saleCopy.seq, leafHash: saleCopy.leafHash }]);
    ok(dir, ['export', '--format', 'epcis', '--out', 'm2.jsonld', 'm2']);
    expect(hashes(dir, 'm2.jsonld')).toEqual(hashes(dir, 'm.jsonld'));
  });

  it('a bad document appends nothing, exits 1 and lists every reject with its index and code', () => {
    const doc = JSON.parse(readFileSync(join(chain.dir, 'chain.jsonld'), 'utf8'));
    doc.epcisBody.eventList[2].bizStep = 'urn:example:nothing';
    doc.epcisBody.eventList[5].unknownField = 1;
    freshLog('bad');
    const text = JSON.stringify(doc);
    const r = run(chain.dir, ['import', 'epcis', '-', '--log', 'bad', '--key', 'bad-key.key'], text);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/event 2: EPCIS_UNSUPPORTED/);
    expect(r.err).toMatch(/event 5: EPCIS_UNMAPPED_FIELD/);
    const j = run(chain.dir, ['import', 'epcis', '-', '--log', 'bad', '--key', 'bad-key.key', '--json'], text);
    expect(errorCode(j)).toBe('CLI_REJECTED');
    expect(JSON.parse(j.out).error.rejects.map((x: { index: number; code: string }) => [x.index, x.code])).toEqual([[2, 'EPCIS_UNSUPPORTED'], [5, 'EPCIS_UNMAPPED_FIELD']]);
    expect(JSON.parse(ok(chain.dir, ['inspect', 'bad', '--json']).out).records).toBe(1); // the genesis alone
    // --partial appends the others and writes the rejects file
    const p = ok(chain.dir, ['import', 'epcis', '-', '--log', 'bad', '--key', 'bad-key.key', '--partial', '--rejects', 'bad.rejects', '--json'], text);
    expect(JSON.parse(p.out).appended).toHaveLength(12);
    const rejects = readFileSync(join(chain.dir, 'bad.rejects'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejects.map((x) => x.index)).toEqual([2, 5]);
    expect(errorCode(run(chain.dir, ['import', 'epcis', '-', '--log', 'bad', '--key', 'bad-key.key', '--partial', '--json'], text))).toBe('CLI_MISSING_ARGUMENT');
  });
});

describe('help', () => {
  it('each command has help with examples', () => {
    for (const c of ['export', 'import', 'epcis']) expect(ok(chain.dir, ['help', c]).out).toMatch(/examples:\n  suyuan /);
    expect(ok(chain.dir, ['help', 'export']).out).toContain('--format epcis');
  });
});
