import { writeFileSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLogStore } from '../src/index.js';
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

  it('a lock file left unreadable by a crash during its creation is taken over once old', async () => {
    const dir = tempDir('lock');
    writeFileSync(join(dir, 'LOCK'), '{"pid": 12');
    await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED'); // it might be a writer starting right now
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'LOCK'), old, old);
    const s = await FileLogStore.open(dir);
    await s.close();
  });

  it('a lock held on another host is never taken over', async () => {
    const dir = tempDir('lock');
    writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 1, host: `not-${hostname()}`, token: 'x', since: 'then' }));
    await expectCodeAsync(FileLogStore.open(dir), 'STORE_LOCKED');
  });
});
