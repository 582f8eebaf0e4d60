import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../tests/support/temp-dir.js';

export const ROOT = join(import.meta.dirname, '../../..');
/** SUYUAN_CLI_BIN runs the tests against another build (e.g. main's, to see a new test fail before a fix). */
export const BIN = process.env.SUYUAN_CLI_BIN ?? join(ROOT, 'packages/cli/dist/bin.js');

/** The built CLI, as a user runs it; builds the packages first if they are not built. */
export function ensureBuilt(): void {
  if (!existsSync(BIN) || !existsSync(join(ROOT, 'packages/verify/dist/worker.js'))) execFileSync('pnpm', ['build'], { cwd: ROOT, stdio: 'ignore' });
}

export interface Run { code: number; out: string; err: string }

/** Runs the built CLI in `cwd`; never throws. */
export function run(cwd: string, args: string[], input?: string | Uint8Array): Run {
  try {
    const out = execFileSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

/** The error code a failed `--json` run printed (`{ "error": { "code", … } }` on stdout). */
export function errorCode(r: Run): string | undefined {
  try {
    return (JSON.parse(r.out) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

const P = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
const T = '2025-11-26T08:00:00+08:00';

/**
 * A chain made with the CLI alone: an authority enrolling a farm, a wholesaler and a market;
 * the farm harvests and ships, the wholesaler receives, splits and ships, the market
 * receives and sells with trace codes. Returns the directory and the bundle paths.
 */
export function buildChainWithCli(): { dir: string; full: string; trace: string } {
  const dir = tempDir('suyuan-cli-');
  const ok = (args: string[], input?: string) => {
    const r = run(dir, args, input);
    if (r.code !== 0) throw new Error(`suyuan ${args.join(' ')} → ${r.code}: ${r.err}`);
    return r.out;
  };
  for (const k of ['authority', 'farm', 'wholesaler', 'market']) ok(['keygen', k]);
  ok(['init', 'auth', '--key', 'authority.key', '--enterprise', '12350000MB0000000K', '--authority']);
  const members: [string, string, string][] = [['farm', '91350100M000100Y43', 'farm'], ['wholesaler', '91350100MA2XN8KX46', 'wholesaler'], ['market', '92350102MA2MKT0013', 'market']];
  for (const [name, uscc, role] of members) {
    ok(['init', name, '--key', `${name}.key`, '--enterprise', uscc]);
    ok(['enroll', 'auth', '--key', 'authority.key', '--pub', `${name}.pub`, '--enterprise', uscc, '--name', uscc, '--roles', role, '--valid-from', '2025-01-01T00:00:00Z']);
  }
  const lines = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');
  const farm = JSON.parse(ok(['append', 'farm', '--key', 'farm.key', '-', '--json'], lines([
    { kind: 'food.input-use', body: { eventTime: '2025-11-18T08:00:00+08:00', input: { type: 'pesticide', name: '吡虫啉', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F1' }, safetyIntervalDays: 7 } },
    { kind: 'food.harvest', body: { eventTime: T, ...P('QK-1', '1000'), method: 'harvest', origin: { region: '闽侯', field: 'F1' } } },
    { kind: 'food.test', body: { eventTime: T, lot: 'QK-1', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } } },
    { kind: 'food.ship', body: { eventTime: T, items: [P('QK-1', '800')], destination: { enterprise: '91350100MA2XN8KX46' } } },
  ])));
  const farmShip = { logId: farm.logId, seq: 4, leafHash: farm.appended[3].leafHash };
  ok(['checkpoint', 'farm', '--key', 'farm.key']);
  const w = JSON.parse(ok(['append', 'wholesaler', '--key', 'wholesaler.key', '-', '--json'], lines([
    { kind: 'food.receive', body: { eventTime: T, items: [P('QK-1', '800')], source: { enterprise: '91350100M000100Y43' }, status: 'accepted' }, refs: [farmShip] },
    { kind: 'food.transform', body: { eventTime: T, inputs: [P('QK-1', '800')], outputs: [P('W-1', '400'), P('W-2', '400')], yield: { ratio: '1', tolerance: '0' } } },
    { kind: 'food.ship', body: { eventTime: T, items: [P('W-1', '400')], destination: { enterprise: '92350102MA2MKT0013' } } },
  ])));
  ok(['checkpoint', 'wholesaler', '--key', 'wholesaler.key']);
  const wShip = { logId: w.logId, seq: 3, leafHash: w.appended[2].leafHash };
  ok(['append', 'market', '--key', 'market.key', '-'], lines([
    { kind: 'food.receive', body: { eventTime: T, items: [P('W-1', '400')], source: { enterprise: '91350100MA2XN8KX46' }, status: 'accepted' }, refs: [wShip] },
    ...Array.from({ length: 6 }, (_, i) => ({ kind: 'food.sale', body: { eventTime: T, ...P('W-1', '2.5'), traceCode: `SY-${i}` } })),
  ]));
  ok(['checkpoint', 'market', '--key', 'market.key']);
  ok(['export', '--out', 'full.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']);
  ok(['export', '--out', 'trace.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market', '--trace-code', 'SY-3']);
  writeFileSync(join(dir, 'README'), 'made by suyuan cli tests');
  return { dir, full: join(dir, 'full.bundle'), trace: join(dir, 'trace.bundle') };
}
