import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';
import { startServe, type Server } from './serve-fixture.js';

// The hub's settings come from the environment too: none may leak into these runs.
for (const k of Object.keys(process.env)) if (k.startsWith('SUYUAN_HUB_')) delete process.env[k];

const json = (r: { out: string }) => JSON.parse(r.out) as Record<string, any>;

describe('suyuan serve, push, export --hub', () => {
  let dir: string;
  let hub: Server;

  beforeAll(async () => {
    ensureBuilt();
    dir = buildChainWithCli().dir;
    expect(run(dir, ['keygen', 'hub']).code).toBe(0);
    writeFileSync(join(dir, 'regulator.token'), 'tok-3f9a1c\n', { mode: 0o600 });
    hub = await startServe(dir, ['--dir', join(tempDir('suyuan-hub-'), 'data'), '--trust', 'authority.pub', '--key', 'hub.key', '--token-file', 'regulator.token', '--port', '0']);
  }, 120_000);

  it('pushes the authority log and two business logs, each cosigned by the hub', () => {
    const r = run(dir, ['push', '--hub', hub.url, 'auth', 'farm', 'wholesaler', '--json']);
    expect(r.code, r.err).toBe(0);
    const logs = json(r).logs as any[];
    expect(logs.map((l) => l.dir)).toEqual(['auth', 'farm', 'wholesaler']);
    for (const l of logs) {
      expect(l.from).toBe(0);
      expect(l.sent).toBeGreaterThan(0);
      expect(l.size).toBe(l.sent);
      expect(l.cosignature.size).toBe(l.size);
      expect(l.cosignature.witness).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(run(dir, ['push', '--hub', hub.url, 'market']).code).toBe(0);
  });

  it('a re-push sends nothing and changes nothing', () => {
    const r = run(dir, ['push', '--hub', hub.url, 'auth', 'farm', 'wholesaler', 'market', '--json']);
    expect(r.code, r.err).toBe(0);
    for (const l of json(r).logs as any[]) {
      expect(l.sent).toBe(0);
      expect(l.requests).toBe(0);
      expect(l.from).toBe(l.size);
    }
  });

  it('export --hub --trace-code writes a bundle that suyuan verify accepts', () => {
    const r = run(dir, ['export', '--hub', hub.url, '--trace-code', 'SY-3', '--out', 'hub-trace.bundle', '--json']);
    expect(r.code, r.err).toBe(0);
    const v = run(dir, ['verify', 'hub-trace.bundle', '--trust', 'authority.pub', '--json']);
    expect(v.code, v.out).toBe(0);
    const back = run(dir, ['trace', 'back', 'hub-trace.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--json']);
    expect(back.code, back.err).toBe(0);
    expect(back.out).toContain('QK-1');
  });

  it('export --hub never writes over an existing file without --force', () => {
    const r = run(dir, ['export', '--hub', hub.url, '--trace-code', 'SY-3', '--out', 'hub-trace.bundle', '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_EXISTS');
    expect(run(dir, ['export', '--hub', hub.url, '--trace-code', 'SY-3', '--out', 'hub-trace.bundle', '--force']).code).toBe(0);
  });

  it('an unknown trace code is the hub\'s HUB_NOT_FOUND, and nothing is written', () => {
    const r = run(dir, ['export', '--hub', hub.url, '--trace-code', 'NO-SUCH', '--out', 'none.bundle', '--json']);
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('HUB_NOT_FOUND');
    expect(run(dir, ['inspect', 'none.bundle']).code).toBe(2);
  });

  it('a regulator export needs the token: refused without it, verified with it', () => {
    const farmId = json(run(dir, ['inspect', 'farm', '--json'])).logId as string;
    expect(farmId).toMatch(/^[0-9a-f]{64}$/);
    const refused = run(dir, ['export', '--hub', hub.url, '--log', farmId, '--out', 'farm-hub.bundle', '--json']);
    expect(refused.code).toBe(1);
    expect(errorCode(refused)).toBe('HUB_UNAUTHORIZED');
    const ok = run(dir, ['export', '--hub', hub.url, '--log', farmId, '--out', 'farm-hub.bundle', '--token-file', 'regulator.token']);
    expect(ok.code, ok.err).toBe(0);
    expect(run(dir, ['verify', 'farm-hub.bundle', '--trust', 'authority.pub']).code).toBe(0);
  });

  it('a fork is refused with HUB_FORK (exit 1); an unenrolled key with the policy code', () => {
    const ok = (args: string[], input?: string) => {
      const r = run(dir, args, input);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    };
    ok(['keygen', 'forker']);
    ok(['init', 'forker', '--key', 'forker.key', '--enterprise', '91350121MA31ABCD1Q']);
    ok(['enroll', 'auth', '--key', 'authority.key', '--pub', 'forker.pub', '--enterprise', '91350121MA31ABCD1Q', '--name', '91350121MA31ABCD1Q', '--roles', 'farm']);
    cpSync(join(dir, 'forker'), join(dir, 'forker-copy'), { recursive: true });
    const harvest = (lot: string) => JSON.stringify({ kind: 'food.harvest', body: { eventTime: '2025-11-26T08:00:00+08:00', lot, product: { description: '青菜', category: '0101' }, quantity: { value: '10', unit: 'KGM' }, method: 'harvest', origin: { region: '闽侯', field: 'F9' } } });
    ok(['append', 'forker', '--key', 'forker.key', '-'], harvest('A-1'));
    ok(['checkpoint', 'forker', '--key', 'forker.key']);
    ok(['append', 'forker-copy', '--key', 'forker.key', '-'], harvest('B-1'));
    ok(['checkpoint', 'forker-copy', '--key', 'forker.key']);
    ok(['push', '--hub', hub.url, 'auth', 'forker']);
    const fork = run(dir, ['push', '--hub', hub.url, 'forker-copy', '--json']);
    expect(fork.code).toBe(1);
    expect(errorCode(fork)).toBe('HUB_FORK');

    ok(['keygen', 'stranger']);
    ok(['init', 'stranger', '--key', 'stranger.key', '--enterprise', '91350104MA8PRC002R']);
    ok(['checkpoint', 'stranger', '--key', 'stranger.key']);
    const refused = run(dir, ['push', '--hub', hub.url, 'stranger', '--json']);
    expect(refused.code).toBe(1);
    expect(errorCode(refused)).toMatch(/^POLICY_/);
  });

  it('serve takes no token on the command line, and needs a store, trust and a key', () => {
    expect(errorCode(run(dir, ['serve', '--dir', 'x', '--trust', 'authority.pub', '--key', 'hub.key', '--token', 'secret', '--json']))).toBe('CLI_UNKNOWN_OPTION');
    expect(errorCode(run(dir, ['serve', '--trust', 'authority.pub', '--key', 'hub.key', '--json']))).toBe('CLI_MISSING_ARGUMENT');
    expect(errorCode(run(dir, ['serve', '--dir', 'x', '--db', 'postgres://h/db', '--trust', 'authority.pub', '--key', 'hub.key', '--json']))).toBe('CLI_BAD_VALUE');
    expect(errorCode(run(dir, ['serve', '--dir', 'x', '--trust', 'hub.key', '--key', 'hub.key', '--json']))).toBe('CLI_WRONG_KEY_TYPE');
  });

  it('push to a hub that is not there is an I/O error (exit 2)', () => {
    const r = run(dir, ['push', '--hub', 'http://127.0.0.1:9', 'farm', '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_IO');
  });

  it('stops cleanly on SIGTERM', async () => {
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
  }, 30_000);
});

describe('suyuan demo-hub', () => {
  it('pushes the demo chain to a local hub and verifies a receipt\'s trace excerpt fetched over HTTP', () => {
    ensureBuilt();
    const r = run(tempDir('suyuan-demo-hub-test-'), ['demo-hub', '--json']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { pushed: { log: string; records: number; cosigned: boolean }[]; verdict: string; bundleBytes: number };
    expect(out.pushed).toHaveLength(8);
    for (const p of out.pushed) {
      expect(p.records).toBeGreaterThan(0);
      expect(p.cosigned).toBe(true);
    }
    expect(out.verdict).not.toBe('invalid');
    expect(out.bundleBytes).toBeGreaterThan(0);
  }, 120_000);
});
