import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuyuanError, ed25519PublicKey, toHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore, readPublicKeyFile, writeSecretKeyFile } from '@suyuan/store';
import { Ledger, type BatchEvent } from '../src/index.js';
import { FARM, MARKET, T, line, rejectsWith, tempDir } from './helpers.js';

describe('Ledger.open on a directory', () => {
  it('creates key (0600), public key and log in one directory, and reopens the same ledger', async () => {
    const dir = tempDir();
    const a = await Ledger.open({ dir, enterprise: MARKET, name: '鼓楼农贸市场' });
    expect(statSync(join(dir, 'author.key')).mode & 0o777).toBe(0o600);
    const info = a.inspect();
    expect(info).toMatchObject({ enterprise: MARKET, name: '鼓楼农贸市场', size: 1, created: true, dir, durability: 'batched' });
    expect(toHex(readPublicKeyFile(join(dir, 'author.pub')))).toBe(info.publicKey);
    const sale = await a.sale({ eventTime: T, ...line('QK-01', '1') });
    await a.close();
    const key = readFileSync(join(dir, 'author.key'));

    const b = await Ledger.open({ dir, enterprise: MARKET });
    expect(b.inspect()).toMatchObject({ logId: info.logId, publicKey: info.publicKey, size: 2, signedSize: 2, created: false }); // close signed the tail
    expect((await b.sale({ eventTime: T, ...line('QK-01', '1') })).seq).toBe(sale.seq + 1);
    await b.close();
    expect(readFileSync(join(dir, 'author.key'))).toEqual(key); // never rewritten
  });

  it('uses a key file that is already there, never replacing it', async () => {
    const dir = tempDir();
    const secret = new Uint8Array(32).fill(5);
    writeSecretKeyFile(join(dir, 'mine.key'), secret);
    const before = readFileSync(join(dir, 'mine.key'));
    const l = await Ledger.open({ dir, key: join(dir, 'mine.key'), enterprise: MARKET });
    expect(l.inspect().publicKey).toBe(toHex(ed25519PublicKey(secret)));
    await l.close();
    expect(readFileSync(join(dir, 'mine.key'))).toEqual(before);
  });

  it('refuses a ledger of another enterprise, and an existing ledger whose key is gone (creating no new key)', async () => {
    const dir = tempDir();
    await (await Ledger.open({ dir, enterprise: MARKET })).close();
    await rejectsWith(Ledger.open({ dir, enterprise: FARM }), 'LEDGER_ENTERPRISE_MISMATCH');
    renameSync(join(dir, 'author.key'), join(dir, 'moved.key'));
    await rejectsWith(Ledger.open({ dir, enterprise: MARKET }), 'LEDGER_KEY_MISSING');
    expect(existsSync(join(dir, 'author.key'))).toBe(false);
    await (await Ledger.open({ dir, key: join(dir, 'moved.key'), enterprise: MARKET })).close(); // and the lock was released each time
  });

  it('lets one writer in at a time (STORE_LOCKED)', async () => {
    const dir = tempDir();
    const a = await Ledger.open({ dir, enterprise: MARKET });
    await expect(Ledger.open({ dir, enterprise: MARKET })).rejects.toSatisfy((e) => e instanceof SuyuanError && e.code === 'STORE_LOCKED');
    await a.close();
  });

  it('refuses bad options with a code naming the option', async () => {
    const signer = nodeSigner(new Uint8Array(32).fill(1));
    expect((await rejectsWith(Ledger.open({ dir: tempDir(), enterprise: 'ACME' }), 'FOOD_BAD_USCC')).path).toBe('enterprise');
    expect((await rejectsWith(Ledger.open({ dir: tempDir(), enterprise: MARKET, hub: 'https://x/' }), 'LEDGER_OPTIONS')).path).toBe('hub');
    expect((await rejectsWith(Ledger.open({ store: new MemoryLogStore(), signer, enterprise: MARKET, autoCheckpoint: { records: 0 } }), 'LEDGER_OPTIONS')).path).toBe('autoCheckpoint.records');
    await rejectsWith(Ledger.open({ enterprise: MARKET } as never), 'LEDGER_OPTIONS');
  });
});

describe('Ledger.open on a store with a signer', () => {
  it('carries on a ledger in the store with its author\'s signer, and refuses another key (KEY_INVALID) or another enterprise', async () => {
    const store = new MemoryLogStore();
    const author = nodeSigner(new Uint8Array(32).fill(6));
    const a = await Ledger.open({ store, signer: author, enterprise: MARKET });
    await a.sale({ eventTime: T, ...line('QK-01', '1') });
    await a.checkpoint();
    const reopened = await Ledger.open({ store, signer: author, enterprise: MARKET });
    expect(reopened.inspect()).toMatchObject({ size: 2, signedSize: 2, created: false, dir: undefined });
    await expect(Ledger.open({ store, signer: nodeSigner(new Uint8Array(32).fill(7)), enterprise: MARKET })).rejects.toSatisfy((e) => e instanceof SuyuanError && e.code === 'KEY_INVALID');
    await rejectsWith(Ledger.open({ store, signer: author, enterprise: FARM }), 'LEDGER_ENTERPRISE_MISMATCH');
  });

  it('opens a directory in sync durability when asked', async () => {
    const l = await Ledger.open({ dir: tempDir(), enterprise: MARKET, durability: 'sync' });
    expect(l.inspect().durability).toBe('sync');
    expect((await l.sale({ eventTime: T, ...line('QK-01', '1') })).seq).toBe(1);
    await l.close();
  });
});

describe('close', () => {
  it('waits for appends under way; then every call is LEDGER_CLOSED, and closing again is harmless', async () => {
    const l = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(3)), enterprise: MARKET });
    const sales = Array.from({ length: 20 }, () => l.sale({ eventTime: T, ...line('QK-01', '1') }));
    await l.close();
    expect((await Promise.all(sales)).length).toBe(20);
    const sale = { eventTime: T, ...line('QK-01', '1') };
    const calls: Promise<unknown>[] = [
      l.sale(sale), l.harvest({ ...sale, method: 'harvest' }), l.appendBatch([{ kind: 'sale', event: sale } as BatchEvent]), l.checkpoint(),
      l.trace('X'), l.recall('QK-01'), l.exportBundle(join(tempDir(), 'b.bundle')),
    ];
    for (const c of calls) await rejectsWith(c, 'LEDGER_CLOSED');
    expect(() => l.inspect()).toThrow(expect.objectContaining({ code: 'LEDGER_CLOSED' }));
    await l.close();
  });
});
