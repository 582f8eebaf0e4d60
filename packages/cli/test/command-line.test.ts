import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogWriter } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { BundleWriter } from '@suyuan/verify';
import { main } from '../src/main.js';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { BIN, ROOT, buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;
let demoDir: string;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
  demoDir = join(tempDir('suyuan-cli-demo-'), 'demo');
  const r = run(ROOT, ['demo', '--dir', demoDir, '-q']);
  if (r.code !== 0) throw new Error(`demo failed: ${r.err}`);
}, 180_000);

const COMMANDS = ['demo', 'keygen', 'init', 'append', 'checkpoint', 'enroll', 'revoke', 'export', 'verify', 'trace', 'recall', 'report', 'inspect', 'show'];

describe('a well-kept command line', () => {
  it('--version prints the package version', () => {
    const r = run(chain.dir, ['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('help COMMAND and COMMAND --help print the same per-command help, with examples', () => {
    for (const c of COMMANDS) {
      const a = run(chain.dir, ['help', c]);
      const b = run(chain.dir, [c, '--help']);
      expect(a.code, c).toBe(0);
      expect(a.out, c).toBe(b.out);
      expect(a.out, c).toMatch(new RegExp(`^usage: suyuan ${c}`, 'm'));
      expect(a.out, c).toMatch(new RegExp(`^examples:\\n {2}suyuan ${c}`, 'm'));
    }
    expect(run(chain.dir, ['help', 'verify']).out).not.toBe(run(chain.dir, ['help']).out);
    expect(errorCode(run(chain.dir, ['help', 'frobnicate', '--json']))).toBe('CLI_UNKNOWN_COMMAND');
  });

  it('help events shows a body for every food event kind', () => {
    const r = run(chain.dir, ['help', 'events']);
    expect(r.code).toBe(0);
    for (const kind of ['input-use', 'harvest', 'test', 'certificate', 'pack', 'transform', 'ship', 'receive', 'sale', 'catering-use', 'disposal', 'recall', 'correction']) {
      expect(r.out).toMatch(new RegExp(`^\\{"kind":"food\\.${kind}","body":\\{`, 'm'));
    }
  });

  it('refuses unknown options, extra arguments and internal options', () => {
    const cases: [string[], string][] = [
      [['verify', 'full.bundle', '--trust', 'authority.pub', '--frob'], 'CLI_UNKNOWN_OPTION'],
      [['verify', 'full.bundle', 'trace.bundle', '--trust', 'authority.pub'], 'CLI_EXTRA_ARGUMENT'],
      [['inspect', 'farm', 'market'], 'CLI_EXTRA_ARGUMENT'],
      [['checkpoint', '--log', 'farm', '--key', 'farm.key'], 'CLI_UNKNOWN_OPTION'],
      [['keygen', '--out', 'x'], 'CLI_UNKNOWN_OPTION'],
      [['checkpoint', '--key', 'farm.key'], 'CLI_MISSING_ARGUMENT'],
      [['export', 'farm'], 'CLI_MISSING_ARGUMENT'],
      [['verify', 'full.bundle', '--trust', 'authority.pub', '--code', 'X'], 'CLI_UNKNOWN_OPTION'],
      [['frobnicate'], 'CLI_UNKNOWN_COMMAND'],
      [['export', '--out', '-', 'farm'], 'CLI_BAD_VALUE'], // with --json: both would go to stdout
      [['report', 'full.bundle', '--trust', 'authority.pub', '--out', '-'], 'CLI_BAD_VALUE'],
    ];
    for (const [args, code] of cases) {
      const r = run(chain.dir, [...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(errorCode(r), args.join(' ')).toBe(code);
    }
  });

  it('validates --workers: a whole number from 1 to the cores of this machine', () => {
    const tooMany = String(Math.max(64, availableParallelism() + 1));
    for (const w of ['abc', '0', '-3', '1.5', '', tooMany]) {
      const r = run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', `--workers=${w}`, '--json']);
      expect(r.code, w).toBe(2);
      expect(errorCode(r), w).toBe('CLI_BAD_VALUE');
    }
    expect(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '--workers', '-3', '--json']).code).toBe(2);
    expect(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '--workers', '1', '-q']).code).toBe(0);
  });

  it('reads a bundle from standard input and writes bundles and reports to standard output with -', () => {
    const bundle = readFileSync(chain.full);
    expect(JSON.parse(run(chain.dir, ['verify', '-', '--trust', 'authority.pub', '--json'], bundle).out).verdict).toBe('valid');
    expect(JSON.parse(run(chain.dir, ['inspect', '-', '--json'], bundle).out).logs).toHaveLength(4);
    expect(JSON.parse(run(chain.dir, ['trace', 'back', '-', '--trust', 'authority.pub', '--code', 'SY-3', '--json'], bundle).out).origins).toHaveLength(1);
    const exported = execFileSync(process.execPath, [BIN, 'export', '--out', '-', '--authority', 'auth', 'farm', 'wholesaler', 'market'], { cwd: chain.dir });
    expect(JSON.parse(run(chain.dir, ['verify', '-', '--trust', 'authority.pub', '--json'], exported).out).verdict).toBe('valid');
    const html = run(chain.dir, ['report', 'full.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--out', '-']);
    expect(html.code).toBe(0);
    expect(html.out).toMatch(/^<!doctype html>/);
  });

  it('--json applies to errors (a JSON object with a code, on stdout) and to demo and report', () => {
    const missing = run(chain.dir, ['verify', 'missing.bundle', '--trust', 'authority.pub', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out).error).toMatchObject({ code: 'CLI_IO', errno: 'ENOENT' });
    expect(missing.err).toBe('');
    const report = JSON.parse(run(chain.dir, ['report', 'full.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--out', 'r.html', '--json']).out);
    expect(report).toMatchObject({ out: 'r.html', verdict: 'valid', journey: { traceCode: 'SY-3' } });
    const dir = tempDir('suyuan-cli-');
    const demo = JSON.parse(run(dir, ['demo', '--dir', 'd', '--json']).out);
    expect(demo).toMatchObject({ verdict: 'valid', bundle: join(dir, 'd', 'demo.bundle') });
    expect(demo.traceBack.origins).toHaveLength(2);
  }, 60_000);

  it('-q prints nothing on success; the exit code says it', () => {
    expect(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '-q'])).toEqual({ code: 0, out: '', err: '' });
    expect(run(chain.dir, ['verify', 'full.bundle', '--trust', 'farm.pub', '-q'])).toEqual({ code: 1, out: '', err: '' });
    expect(run(chain.dir, ['checkpoint', 'market', '--key', 'market.key', '-q'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('shows progress only on a terminal', async () => {
    const bundle = join(demoDir, 'demo.bundle');
    const trust = join(demoDir, 'authority.pub');
    expect(run(chain.dir, ['verify', bundle, '--trust', trust]).err).toBe('');
    let err = '';
    const io = { out: () => undefined, err: (s: string) => { err += s; }, tty: true };
    expect(await main(['verify', bundle, '--trust', trust], io)).toBe(0);
    expect(err).toMatch(/verified (\d+)\/\1 logs/);
    err = '';
    expect(await main(['verify', bundle, '--trust', trust, '--json'], io)).toBe(0);
    expect(err).toBe('');
  });

  it('survives a reader that stops early: suyuan demo | head -1', () => {
    const dir = tempDir('suyuan-cli-');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" demo --dir d | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, 'd', 'demo.bundle'))).toBe(true); // it finished what it started
  }, 60_000);

  it('through `pnpm suyuan`, paths are relative to where the user stands', () => {
    const dir = tempDir('suyuan-cli-');
    const r = spawnSync('pnpm', ['--dir', ROOT, 'suyuan', 'keygen', 'here'], { cwd: dir, encoding: 'utf8', env: { ...process.env, INIT_CWD: dir } });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'here.key'))).toBe(true);
    expect(existsSync(join(ROOT, 'here.key'))).toBe(false);
  }, 60_000);
});

describe('messages that say what is wrong', () => {
  it('a public key given as --key, a secret key given as --trust or --pub', () => {
    expect(errorCode(run(chain.dir, ['checkpoint', 'farm', '--key', 'farm.pub', '--json']))).toBe('CLI_WRONG_KEY_TYPE');
    expect(errorCode(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.key', '--json']))).toBe('CLI_WRONG_KEY_TYPE');
    expect(errorCode(run(chain.dir, ['enroll', 'auth', '--key', 'authority.key', '--pub', 'farm.key', '--enterprise', '91350100M000100Y43', '--name', '91350100M000100Y43', '--roles', 'farm', '--json']))).toBe('CLI_WRONG_KEY_TYPE');
  });

  it('a lot without ENTERPRISE: or LOGID: is refused, not cut', () => {
    for (const args of [['report', 'full.bundle', '--trust', 'authority.pub', '--lot', 'QK-1', '--out', 'x.html'], ['recall', 'full.bundle', '--lot', 'QK-1'], ['trace', 'back', 'full.bundle', '--lot', 'QK-1']]) {
      const r = run(chain.dir, [...args, '--json']);
      expect(r.code, args[0]).toBe(2);
      expect(errorCode(r), args[0]).toBe('CLI_BAD_VALUE');
    }
    expect(existsSync(join(chain.dir, 'x.html'))).toBe(false);
  });

  it('verify\'s text names the field of a finding, as its JSON does', async () => {
    const writer = LogWriter.create(nodeSigner(new Uint8Array(32).fill(7)), { enterprise: '91350100M000100Y43' }, { crypto: nodeCrypto });
    const records = [writer.genesis];
    records.push(writer.append({ kind: 'food.harvest', body: { eventTime: '2025-11-26T08:00:00+08:00', lot: 'A-1', product: { description: '青菜', category: '0101' }, quantity: { value: '10', unit: 'kg' }, method: 'harvest' } }).bytes);
    const checkpoint = await writer.checkpoint(); // only signed records reach the food rules
    const bundle = BundleWriter.toMemory();
    bundle.addLog({ logId: writer.logId, records, checkpoints: [checkpoint] });
    writeFileSync(join(chain.dir, 'bad-unit.bundle'), bundle.finish()!);
    const json = JSON.parse(run(chain.dir, ['verify', 'bad-unit.bundle', '--trust', 'authority.pub', '--json']).out);
    const finding = json.findings.find((f: { code: string }) => f.code === 'FOOD_BAD_UNIT');
    expect(finding.path).toBe('quantity.unit');
    expect(run(chain.dir, ['verify', 'bad-unit.bundle', '--trust', 'authority.pub']).out).toMatch(/FOOD_BAD_UNIT .*quantity\.unit/);
  });

  it('a file that is not a bundle (random bytes, empty, JSON Lines) is "not a Suyuan bundle", exit 2', () => {
    writeFileSync(join(chain.dir, 'random.bin'), Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(chain.dir, 'empty.bundle'), '');
    writeFileSync(join(chain.dir, 'events.jsonl'), '{"kind":"food.sale","body":{}}\n');
    for (const file of ['random.bin', 'empty.bundle', 'events.jsonl']) {
      for (const args of [['verify', file, '--trust', 'authority.pub'], ['inspect', file], ['trace', 'back', file, '--trust', 'authority.pub', '--code', 'SY-1'], ['recall', file, '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-1'], ['show', file, 'farm', '1']]) {
        const r = run(chain.dir, [...args, '--json']);
        expect(r.code, args.join(' ')).toBe(2);
        expect(errorCode(r), args.join(' ')).toBe('CLI_NOT_A_BUNDLE');
      }
      expect(run(chain.dir, ['verify', file, '--trust', 'authority.pub']).err).toMatch(/not a Suyuan bundle/);
    }
  });

  it('unknown trace codes and lots exit 1 and write nothing', () => {
    const cases = [
      ['recall', 'full.bundle', '--trust', 'authority.pub', '--lot', 'X:NOPE'],
      ['recall', 'full.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:NOPE'],
      ['trace', 'back', 'full.bundle', '--trust', 'authority.pub', '--code', 'NOPE'],
      ['trace', 'forward', 'full.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:NOPE'],
      ['report', 'full.bundle', '--trust', 'authority.pub', '--code', 'NOPE', '--out', 'nope.html'],
      ['export', '--out', 'nope.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market', '--trace-code', 'NOPE'],
      ['export', '--out', 'nope.bundle', '--authority', 'auth', 'farm', '--trace-lot', '91350100M000100Y43:NOPE'],
    ];
    for (const args of cases) {
      const r = run(chain.dir, [...args, '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorCode(r), args.join(' ')).toBe('CLI_NOT_FOUND');
    }
    expect(existsSync(join(chain.dir, 'nope.html'))).toBe(false);
    expect(existsSync(join(chain.dir, 'nope.bundle'))).toBe(false);
  });

  it('enroll without --valid-from does not invalidate what the business recorded before it was enrolled', () => {
    const dir = tempDir('suyuan-cli-');
    const ok = (args: string[], input?: string) => {
      const r = run(dir, args, input);
      expect(r.code, `${args.join(' ')}: ${r.err}${r.out}`).toBe(0);
      return r.out;
    };
    ok(['keygen', 'authority']);
    ok(['keygen', 'farm']);
    ok(['init', 'auth', '--key', 'authority.key', '--enterprise', '12350000MB0000000K', '--authority']);
    ok(['init', 'farm', '--key', 'farm.key', '--enterprise', '91350100M000100Y43']);
    ok(['append', 'farm', '--key', 'farm.key', '-'], JSON.stringify({ kind: 'food.harvest', body: { eventTime: '2025-11-26T08:00:00+08:00', lot: 'A-1', product: { description: '青菜', category: '0101' }, quantity: { value: '10', unit: 'KGM' }, method: 'harvest' } }));
    ok(['checkpoint', 'farm', '--key', 'farm.key']);
    const enrolled = ok(['enroll', 'auth', '--key', 'authority.key', '--pub', 'farm.pub', '--enterprise', '91350100M000100Y43', '--name', '91350100M000100Y43', '--roles', 'farm']);
    expect(enrolled).toContain('--valid-from');
    ok(['export', '--out', 'farm.bundle', '--authority', 'auth', 'farm']);
    expect(JSON.parse(run(dir, ['verify', 'farm.bundle', '--trust', 'authority.pub', '--json']).out).verdict).toBe('valid');
  });
});

describe('show: a record, its leaf hash and the reference another business records', () => {
  it('by log directory and seq, and by bundle, log and seq, with the same leaf hash', () => {
    const fromLog = JSON.parse(run(chain.dir, ['show', 'farm', '4', '--json']).out);
    expect(fromLog).toMatchObject({ seq: 4, kind: 'food.ship', ref: { seq: 4, logId: fromLog.logId, leafHash: fromLog.leafHash } });
    expect(fromLog.body.items[0].lot).toBe('QK-1');
    const byEnterprise = JSON.parse(run(chain.dir, ['show', 'full.bundle', '91350100M000100Y43', '4', '--json']).out);
    const byLogId = JSON.parse(run(chain.dir, ['show', 'full.bundle', fromLog.logId.slice(0, 12), '4', '--json']).out);
    expect(byEnterprise).toEqual(fromLog);
    expect(byLogId).toEqual(fromLog);
    // The wholesaler's receipt recorded exactly this reference.
    const receive = JSON.parse(run(chain.dir, ['show', 'wholesaler', '1', '--json']).out);
    expect(receive.refs).toEqual([fromLog.ref]);
    const text = run(chain.dir, ['show', 'farm', '4']).out;
    expect(text).toContain(fromLog.leafHash);
    expect(text).toContain(JSON.stringify(fromLog.ref));
    expect(text).toContain('"lot": "QK-1"');
  });

  it('shows a pesticide record with its details, and refuses a seq that is not there', () => {
    expect(run(chain.dir, ['show', 'full.bundle', '91350100M000100Y43', '1']).out).toContain('吡虫啉');
    for (const args of [['show', 'farm', '99'], ['show', 'full.bundle', '91350100M000100Y43', '99'], ['show', 'full.bundle', 'NOPE', '1']]) {
      const r = run(chain.dir, [...args, '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorCode(r), args.join(' ')).toBe('CLI_NOT_FOUND');
    }
    expect(errorCode(run(chain.dir, ['show', 'farm', 'x', '--json']))).toBe('CLI_BAD_VALUE');
  });
});
