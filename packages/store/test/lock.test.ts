import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLogStore } from '../src/index.js';
import { currentOwner, type LockOwner } from '../src/file/lock-owner.js';
import { killed, startChild } from './child.js';
import { expectCodeAsync, tempDir } from './helpers.js';

describe('one writer per log', () => {
  it('a second instance in the same process gets STORE_LOCKED; after close it may open', async () => {
    const dir = tempDir('lock');
    const a = await FileLogStore.open(dir);
    const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
    expect(e.message).toMatch(/this process/);
    await a.close();
    const b = await FileLogStore.open(dir);
    await b.close();
  });

  it('a writer in another process blocks this one; once it is killed, its stale lock is taken over', async () => {
    const dir = tempDir('lock');
    const { child, waitFor } = startChild('lock-child.ts', [dir]);
    await waitFor('locked');
    const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
    expect(e.message).toContain(`pid ${child.pid}`);
    await killed(child);
    const s = await FileLogStore.open(dir); // the lock names a dead process: stale
    await s.close();
  });

  it('readers need no lock', async () => {
    const dir = tempDir('lock');
    const w = await FileLogStore.open(dir);
    const r = await FileLogStore.open(dir, { readOnly: true });
    await r.close();
    await w.close();
  });

  /** A lock file as another writer would have left it: this process's identity with `changes`, and no socket unless given. */
  const lockFrom = (dir: string, changes: Partial<LockOwner>) => {
    const { socket: _none, ...me } = currentOwner('0123456789abcdef', undefined);
    writeFileSync(join(dir, 'LOCK.7'), JSON.stringify({ ...me, ...changes }));
  };
  const deadPid = () => {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout); // exited: its pid is free (and not reused this soon)
  };

  it('a lock file that cannot be read is never taken over (lock files appear whole); the error says what to remove', async () => {
    const dir = tempDir('lock');
    writeFileSync(join(dir, 'LOCK.3'), '{"pid": 12');
    const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
    expect(e.message).toContain('LOCK.3');
  });

  it('a lock held on another host is never taken over', async () => {
    const dir = tempDir('lock');
    lockFrom(dir, { host: `not-${hostname()}`, pid: deadPid() });
    await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
  });

  it('without a socket to ask: taken over in this PID namespace when its pid is gone or reused, never from another namespace', async () => {
    const gone = tempDir('lock');
    lockFrom(gone, { pid: deadPid() });
    await (await FileLogStore.open(gone)).close();
    const reused = tempDir('lock');
    lockFrom(reused, { pid: process.pid, startTime: '1' }); // this pid, but another process started at another time
    await (await FileLogStore.open(reused)).close();
    const elsewhere = tempDir('lock');
    lockFrom(elsewhere, { pid: deadPid(), pidNamespace: 'pid:[1]' });
    await expectCodeAsync(FileLogStore.open(elsewhere), 'STORE_LOCKED');
  });

  it('a lock from an earlier boot is taken over only if /etc/machine-id proves it is this machine', async () => {
    const me = currentOwner('x', undefined);
    if (me.bootId === undefined || me.machineId === undefined) return; // not Linux, or no machine id: nothing to prove with
    const restarted = tempDir('lock');
    lockFrom(restarted, { bootId: 'an-earlier-boot', socket: 'LOCK-gone.sock' });
    await (await FileLogStore.open(restarted)).close();
    const namesake = tempDir('lock');
    lockFrom(namesake, { bootId: 'another-boot', machineId: 'another-machine' });
    await expectCodeAsync(FileLogStore.open(namesake), 'STORE_LOCKED');
  });
});

const CONTENDERS = 6;
const TRIALS = 100;

describe('one writer per log, whatever the timing', () => {
  it(`${CONTENDERS} processes racing for each of ${TRIALS} stale locks: exactly one wins each`, async () => {
    const dirs = Array.from({ length: TRIALS }, () => tempDir('race'));
    // One process opens every log and is killed: each is left with a stale lock.
    const holder = startChild('lock-contender.ts', [], { stdin: true });
    holder.child.stdin!.write(`hold ${dirs.join(' ')}\n`);
    await holder.waitFor('holding');
    await killed(holder.child);
    const contenders = Array.from({ length: CONTENDERS }, () => startChild('lock-contender.ts', [], { stdin: true }));
    try {
      const twoWriters: string[] = [];
      const noWriter: string[] = [];
      const otherErrors: string[] = [];
      for (const dir of dirs) {
        const at = Date.now() + 15;
        for (const c of contenders) c.child.stdin!.write(`try ${dir} ${at}\n`);
        const answers = await Promise.all(contenders.map((c) => c.waitForLine((l) => l.split(' ')[1] === dir)));
        const won = answers.filter((a) => a.startsWith('won '));
        for (const a of answers) if (a.startsWith('lost ') && a.split(' ')[2] !== 'STORE_LOCKED') otherErrors.push(a);
        if (won.length > 1) twoWriters.push(dir);
        if (won.length === 0) noWriter.push(dir);
        for (const c of contenders) c.child.stdin!.write('release\n');
        await Promise.all(contenders.map((c) => c.waitForLine((l) => l === 'released').then(() => c.lines.splice(0))));
      }
      expect({ twoWriters: twoWriters.length, noWriter: noWriter.length, otherErrors }).toEqual({ twoWriters: 0, noWriter: 0, otherErrors: [] });
    } finally {
      await Promise.all(contenders.map((c) => killed(c.child)));
    }
  }, 300_000);

  it('a contender that read the lock and acts later never makes a second writer, whatever happened meanwhile', async () => {
    for (const releaseBetween of [false, true]) {
      const dir = tempDir('paused');
      const holder = startChild('lock-child.ts', [dir]);
      await holder.waitFor('locked');
      await killed(holder.child); // a stale lock
      const fifo = join(tempDir('fifo'), 'go'); // not in the log's directory: it would be a foreign file there
      execFileSync('mkfifo', [fifo]);
      const slow = startChild('lock-paused-child.ts', [dir, fifo]);
      // Whenever the slow contender has just read a lock file, another writer tries to open the log.
      const holders: FileLogStore[] = [];
      const violations: string[] = [];
      let pauses = 0;
      for (;;) {
        const line = await slow.waitForLine((l) => l.startsWith('paused') || l === 'won' || l.startsWith('lost'));
        slow.lines.splice(slow.lines.indexOf(line), 1);
        if (!line.startsWith('paused')) {
          if (line === 'won' && holders.length > 0) violations.push(`the slow contender won while another writer held the log (${line})`);
          break;
        }
        pauses++;
        try {
          holders.push(await FileLogStore.open(dir));
          if (holders.length > 1) violations.push(`two writers in this process after pause ${pauses}`);
        } catch (e) {
          if ((e as { code?: string }).code !== 'STORE_LOCKED') throw e;
        }
        if (releaseBetween && holders.length > 0) await holders.shift()!.close();
        writeFileSync(fifo, 'go');
        expect(pauses).toBeLessThan(50);
      }
      expect(violations).toEqual([]);
      expect(pauses).toBeGreaterThan(0);
      for (const h of holders) await h.close();
      await killed(slow.child);
    }
  }, 60_000);

  const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

  it.runIf(canUnshare)('a live writer in another PID namespace (a pid this one cannot see) is not taken for dead; once it dies, it is', async () => {
    const dir = tempDir('pidns');
    // As a second container of one pod: same host name and kernel, its own PIDs. Its node
    // process gets pid 100000, which does not exist here (pid_max is lower).
    const wrap = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', 'echo 99999 > /proc/sys/kernel/ns_last_pid && "$0" "$@"'];
    const { child, waitFor } = startChild('lock-child.ts', [dir], { wrap });
    const line = await waitFor('locked');
    const pid = Number(line.split(' ')[2]);
    expect(() => process.kill(pid, 0)).toThrow(); // that pid means nothing in this namespace
    await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
    await killed(child);
    // Its namespace is torn down just after: wait for its socket to stop answering, however long
    // a loaded machine takes (bounded by the test's timeout).
    let s: FileLogStore | undefined;
    while (s === undefined) {
      s = await FileLogStore.open(dir).catch(async (e: { code?: string }) => {
        expect(e.code).toBe('STORE_LOCKED');
        await new Promise((r) => setTimeout(r, 50));
        return undefined;
      });
    }
    await s.close(); // nobody listens on its socket: provably gone
  }, 60_000);
});
