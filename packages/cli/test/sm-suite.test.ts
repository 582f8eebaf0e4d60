import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRecord, type CborMap } from '@suyuan/core';
import { FileLogStore, readPublicKeyFile, readSecretKeyFile } from '@suyuan/store';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { ensureBuilt, errorCode, run } from './cli-fixture.js';

beforeAll(() => ensureBuilt(), 600_000);

async function genesisSuite(logDir: string): Promise<unknown> {
  const store = await FileLogStore.open(logDir);
  try {
    const [genesis] = await store.readRange(0, 1);
    return (decodeRecord(genesis!).body as CborMap).suite;
  } finally {
    await store.close();
  }
}

const hasOpenssl = (() => { try { execFileSync('openssl', ['version']); return true; } catch { return false; } })();

describe('the 国密 suite on the command line (issue 19)', () => {
  it('keygen --suite sm2-sm3 writes an SM2 pair (0600 secret), and init starts an sm2-sm3 log with it', async () => {
    const dir = tempDir('suyuan-sm-');
    const r = run(dir, ['keygen', 'platform', '--suite', 'sm2-sm3', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { suite: string; publicKey: string };
    expect(out.suite).toBe('sm2-sm3');
    expect(out.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(statSync(join(dir, 'platform.key')).mode & 0o777).toBe(0o600);
    expect(readSecretKeyFile(join(dir, 'platform.key')).suite).toBe('sm2-sm3');
    expect(readPublicKeyFile(join(dir, 'platform.pub')).length).toBe(65);
    expect(run(dir, ['init', 'log', '--key', 'platform.key', '--enterprise', '91350100M000100Y43', '-q']).code).toBe(0);
    expect(await genesisSuite(join(dir, 'log'))).toBe('sm2-sm3');
    // The default stays Ed25519.
    expect(run(dir, ['keygen', 'farm', '-q']).code).toBe(0);
    expect(readSecretKeyFile(join(dir, 'farm.key')).suite).toBe('ed25519-sha256');
    expect(run(dir, ['init', 'farm-log', '--key', 'farm.key', '--enterprise', '91350121MA31ABCD1Q', '-q']).code).toBe(0);
    expect(await genesisSuite(join(dir, 'farm-log'))).toBe('ed25519-sha256');
  }, 60_000);

  it('an unknown suite is CLI_BAD_VALUE and writes nothing; an existing key is never replaced', () => {
    const dir = tempDir('suyuan-sm-');
    expect(errorCode(run(dir, ['keygen', 'k', '--suite', 'rsa', '--json']))).toBe('CLI_BAD_VALUE');
    expect(readdirSync(dir)).toEqual([]);
    expect(run(dir, ['keygen', 'k', '--suite', 'sm2-sm3', '-q']).code).toBe(0);
    const before = readFileSync(join(dir, 'k.key'));
    expect(errorCode(run(dir, ['keygen', 'k', '--suite', 'sm2-sm3', '--json']))).toBe('CLI_EXISTS');
    expect(readFileSync(join(dir, 'k.key')).equals(before)).toBe(true);
  });

  it.runIf(hasOpenssl)('init accepts an SM2 key OpenSSL wrote', async () => {
    const dir = tempDir('suyuan-sm-');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', join(dir, 'o.key')]);
    execFileSync('chmod', ['600', join(dir, 'o.key')]);
    expect(run(dir, ['init', 'log', '--key', 'o.key', '--enterprise', '91350100M000100Y43', '-q']).code).toBe(0);
    expect(await genesisSuite(join(dir, 'log'))).toBe('sm2-sm3');
  });

  describe('demo --suite sm2-sm3', () => {
    let demo: { code: number; json: { verdict: string; findings: { layer: string; severity: string; code: string }[]; traceBack: { origins: unknown[] }; recall: { businesses: unknown[] } } };
    let dir: string;
    beforeAll(() => {
      dir = join(tempDir('suyuan-sm-demo-'), 'd');
      const r = run(dir.replace(/\/d$/, ''), ['demo', '--dir', dir, '--suite', 'sm2-sm3', '--json']);
      demo = { code: r.code, json: JSON.parse(r.out) };
    }, 300_000);

    it('every business and the authority sign with SM2; chains, signatures and food rules verify; trace and recall as with Ed25519', async () => {
      for (const f of readdirSync(join(dir, 'keys'))) expect(readSecretKeyFile(join(dir, 'keys', f)).suite, f).toBe('sm2-sm3');
      for (const l of readdirSync(join(dir, 'logs'))) expect(await genesisSuite(join(dir, 'logs', l)), l).toBe('sm2-sm3');
      const errors = demo.json.findings.filter((x) => x.severity === 'error' && ['bundle', 'log', 'food'].includes(x.layer));
      expect(errors).toEqual([]);
      expect(demo.json.traceBack.origins).toHaveLength(2);
      expect(demo.json.recall.businesses).toHaveLength(5);
    });

    it('a trace excerpt of a receipt (export --trace-code) proves its records in SM3 and verifies valid', () => {
      const logs = ['farm-a', 'farm-b', 'wholesaler', 'processor', 'market-1', 'market-2', 'restaurant'].map((l) => join(dir, 'logs', l));
      expect(run(dir, ['export', '--out', join(dir, 'trace.bundle'), '--authority', join(dir, 'logs', 'authority'), ...logs, '--trace-code', 'SY-M2-0007', '-q']).code).toBe(0);
      const r = run(dir, ['verify', join(dir, 'trace.bundle'), '--trust', join(dir, 'authority.pub'), '--json']);
      expect(JSON.parse(r.out).findings).toEqual([]);
      expect(r.code).toBe(0);
    });

    it('its bundle verifies valid with verifyBundle (demo exits 0)', () => {
      expect(demo.json.findings).toEqual([]);
      expect(demo.json.verdict).toBe('valid');
      expect(demo.code).toBe(0);
    });
  });
});
