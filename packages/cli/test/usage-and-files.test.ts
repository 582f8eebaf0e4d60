import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT, ensureBuilt, run } from './cli-fixture.js';

const GLOBAL = ['json', 'quiet', 'help'];

/** Every command's usage line and the options its help lists, as a user reads them. */
function helps(): { name: string; usage: string; options: string[] }[] {
  ensureBuilt();
  const general = run(ROOT, ['help']).out;
  const names = general.split('commands:\n')[1]!.split('\n\n')[0]!.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter((n) => n !== '');
  return names.map((name) => {
    const text = run(ROOT, ['help', name]).out;
    const options = text.split('\noptions:\n')[1]!.split('\n\n')[0]!.split('\n').flatMap((l) => l.match(/--([a-z0-9-]+)/)?.[1] ?? []);
    return { name, usage: text.split('\n')[0]!, options };
  });
}

describe('usage lines and option lists agree, for every command (issue 9)', () => {
  const all = helps();

  it('lists commands', () => expect(all.length).toBeGreaterThan(10));

  it('every option listed appears in the usage line', () => {
    const missing = all.flatMap(({ name, usage, options }) => options.filter((o) => !GLOBAL.includes(o) && !new RegExp(`--${o}(?![a-z0-9-])`).test(usage)).map((o) => `${name} --${o}`));
    expect(missing).toEqual([]);
  });

  it('every option in the usage line is listed', () => {
    const unknown = all.flatMap(({ name, usage, options }) => [...usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!).filter((o) => !options.includes(o)).map((o) => `${name} --${o}`));
    expect(unknown).toEqual([]);
  });
});

describe('serve on a port in use (issue 9)', () => {
  it('says which port, exits with CLI_IO, and leaves no --dir it made', async () => {
    const { createServer } = await import('node:net');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../../../tests/support/temp-dir.js');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dir = tempDir('suyuan-serve-port-');
      for (const args of [['keygen', 'authority'], ['keygen', 'hub']]) expect(run(dir, args).code).toBe(0);
      const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const c = spawn(process.execPath, [BIN, 'serve', '--dir', 'hub-data', '--trust', 'authority.pub', '--key', 'hub.key', '--port', String(port)], { cwd: dir });
        let out = '';
        let err = '';
        c.stdout.on('data', (d: Buffer) => { out += d.toString(); });
        c.stderr.on('data', (d: Buffer) => { err += d.toString(); });
        c.on('exit', (code) => resolve({ code, out, err }));
      });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`port ${port}`);
      expect(r.err).toContain('[CLI_IO]');
      expect(existsSync(join(dir, 'hub-data'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe('small things a tester found (issue 9)', () => {
  it('a key file that is not PEM: the code is said once', async () => {
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../../../tests/support/temp-dir.js');
    const dir = tempDir('suyuan-keyfile-');
    writeFileSync(`${dir}/bad.key`, 'junk\n', { mode: 0o600 });
    const r = run(dir, ['init', 'log', '--key', 'bad.key', '--enterprise', '91350100M000100Y43']);
    expect(r.code).toBe(2);
    expect(r.err.match(/KEY_FILE/g)).toHaveLength(1);
  });

  it('export removes a temporary file an earlier export left when it was killed, and keeps a live one', async () => {
    const { existsSync, writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../../../tests/support/temp-dir.js');
    const dir = tempDir('suyuan-stale-');
    for (const args of [['keygen', 'farm'], ['init', 'farm-log', '--key', 'farm.key', '--enterprise', '91350100M000100Y43'], ['checkpoint', 'farm-log', '--key', 'farm.key']]) expect(run(dir, args).code).toBe(0);
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid; // a process that has ended
    const stale = `${dir}/.big.bundle.${gone}-0123abcd.tmp`;
    const live = `${dir}/.big.bundle.${process.pid}-0123abcd.tmp`;
    const other = `${dir}/.other.bundle.${gone}-0123abcd.tmp`;
    for (const f of [stale, live, other]) writeFileSync(f, 'partial');
    expect(run(dir, ['export', '--out', 'big.bundle', 'farm-log']).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true); // another output's: not this run's to judge
  });
});
