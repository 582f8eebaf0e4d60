import { existsSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore, readPublicKeyFile, readSecretKeyFile } from '@suyuan/store';
import { ENROL_KIND } from '@suyuan/verify';
import { Ledger, writeKeyPair } from '../src/index.js';
import { FARM, MARKET, T, line, rejectsWith, tempDir } from './helpers.js';

const signer = nodeSigner(new Uint8Array(32).fill(7));
const sale = (code: string) => ({ kind: 'food.sale', body: { eventTime: T, ...line('L-1', '1'), traceCode: code } });
const enrolment = { kind: ENROL_KIND, body: { key: new Uint8Array(32).fill(9), enterprise: FARM, name: 'farm', roles: ['farm'], validFrom: 0 } };

describe('Ledger.appendRecords: events given as records, checked, all or nothing', () => {
  it('appends records as given, with their refs and time, and issues no trace code', async () => {
    const l = await Ledger.open({ store: new MemoryLogStore(), signer, enterprise: MARKET });
    const [a, b] = await l.appendRecords([sale('C-1'), sale('C-2')]);
    expect([a!.seq, b!.seq]).toEqual([1, 2]);
    expect(a!.traceCode).toBeUndefined();
    const [r] = await l.appendRecords([{ kind: 'food.receive', body: { eventTime: T, items: [line('L-1', '1')], source: { enterprise: FARM }, status: 'accepted' }, refs: [a!.record], time: Date.now() + 60_000 }]);
    expect(r!.seq).toBe(3);
    expect((await l.recall('L-1')).affected.length).toBeGreaterThan(0);
    expect(await l.trace('C-2')).toBeDefined();
    await l.close();
  });

  it('refuses a bad record with its code, field and index, and writes nothing of the batch', async () => {
    const l = await Ledger.open({ store: new MemoryLogStore(), signer, enterprise: MARKET });
    const cases: [unknown, string, string][] = [
      [{ kind: 'sale', body: {} }, 'FOOD_KIND_NAMESPACE', 'kind'],
      [{ kind: 'food.sale', body: { ...sale('x').body, quantity: { value: '-1', unit: 'KGM' } } }, 'FOOD_BAD_QUANTITY', 'quantity.value'],
      [{ kind: 'food.receive', body: { eventTime: T, items: [line('L-1', '1')], source: { enterprise: FARM }, status: 'accepted' } }, 'FOOD_RECEIVE_WITHOUT_SHIP', 'refs'],
      [{ kind: 'food.sale', body: null }, 'FOOD_WRONG_TYPE', 'body'],
    ];
    for (const [bad, code, path] of cases) {
      const e = await rejectsWith(l.appendRecords([sale('ok'), bad as never]), code as never);
      expect(e.index).toBe(1);
      expect(e.path).toBe(path);
    }
    await rejectsWith(l.appendRecords('nope' as never), 'FOOD_WRONG_TYPE');
    expect(l.size).toBe(1);
    await l.close();
  });

  it('writes authority records only into an authority\'s ledger (LEDGER_NOT_AUTHORITY)', async () => {
    const business = await Ledger.open({ store: new MemoryLogStore(), signer, enterprise: MARKET });
    const e = await rejectsWith(business.appendRecords([sale('a'), enrolment]), 'LEDGER_NOT_AUTHORITY');
    expect(e.index).toBe(1);
    expect(business.size).toBe(1);
    await business.close();

    // An authority's identifier need not be a 统一社会信用代码; its genesis marks it.
    const authority = await Ledger.open({ store: new MemoryLogStore(), signer, enterprise: 'district-regulator', authority: true, name: '市场监督管理局' });
    expect(authority.inspect()).toMatchObject({ authority: true, enterprise: 'district-regulator', name: '市场监督管理局' });
    expect((await authority.appendRecords([enrolment]))[0]!.seq).toBe(1);
    await authority.close();
    await rejectsWith(Ledger.open({ store: new MemoryLogStore(), signer, enterprise: 'district-regulator' }), 'FOOD_BAD_USCC');
  });

  it('refuses to open a business\'s existing ledger as an authority\'s (LEDGER_OPTIONS)', async () => {
    const dir = tempDir();
    await (await Ledger.open({ dir, enterprise: MARKET })).close();
    expect((await rejectsWith(Ledger.open({ dir, authority: true }), 'LEDGER_OPTIONS')).path).toBe('authority');
    const again = await Ledger.open({ dir });
    expect(again.inspect().authority).toBe(false);
    await again.close();
  });

  it('takes an unmarked ledger that holds only authority records as an authority\'s (logs from before the marker)', async () => {
    const store = new MemoryLogStore();
    const { DurableLog } = await import('@suyuan/store');
    const log = await DurableLog.create(store, signer, { enterprise: '12350000MB0000000K' });
    await log.append(enrolment);
    const l = await Ledger.open({ store, signer });
    expect(l.inspect().authority).toBe(false);
    expect((await l.appendRecords([{ ...enrolment, body: { ...enrolment.body, name: 'farm (renamed)' } }]))[0]!.seq).toBe(2); // the same one again is ENROL_DUPLICATE
    await l.close();
  });
});

describe('Ledger.open without an enterprise', () => {
  it('opens an existing ledger as its genesis names it, and refuses to create one', async () => {
    const made = tempDir();
    await (await Ledger.open({ dir: made, enterprise: MARKET })).close();
    const again = await Ledger.open({ dir: made });
    expect(again.enterprise).toBe(MARKET);
    await again.close();
    expect((await rejectsWith(Ledger.open({ store: new MemoryLogStore(), signer }), 'LEDGER_OPTIONS')).path).toBe('enterprise');
    const dir = tempDir();
    await rejectsWith(Ledger.open({ dir }), 'LEDGER_OPTIONS');
    expect(existsSync(join(dir, 'author.key'))).toBe(false); // no key made for a ledger that was not made
  });
});

describe('writeKeyPair', () => {
  it('writes the secret key (0600) and its public key, of either suite', async () => {
    const dir = tempDir();
    for (const suite of ['ed25519-sha256', 'sm2-sm3'] as const) {
      const pub = await writeKeyPair(join(dir, `${suite}.key`), join(dir, `${suite}.pub`), suite);
      expect(statSync(join(dir, `${suite}.key`)).mode & 0o777).toBe(0o600);
      const secret = readSecretKeyFile(join(dir, `${suite}.key`));
      expect(secret.suite).toBe(suite);
      expect(toHex(secret.publicKey)).toBe(toHex(pub));
      expect(toHex(readPublicKeyFile(join(dir, `${suite}.pub`)))).toBe(toHex(pub));
    }
  });

  it('never replaces a key file: both or neither (KEY_EXISTS)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.pub'), 'kept');
    expect((await rejectsWith(writeKeyPair(join(dir, 'a.key'), join(dir, 'a.pub')), 'KEY_EXISTS')).file).toBe(join(dir, 'a.pub'));
    expect(existsSync(join(dir, 'a.key'))).toBe(false);
    expect(readFileSync(join(dir, 'a.pub'), 'utf8')).toBe('kept');
    await writeKeyPair(join(dir, 'b.key'), join(dir, 'b.pub'));
    const key = readFileSync(join(dir, 'b.key'));
    await rejectsWith(writeKeyPair(join(dir, 'b.key'), join(dir, 'c.pub')), 'KEY_EXISTS');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'd.key'));
    await rejectsWith(writeKeyPair(join(dir, 'd.key'), join(dir, 'd.pub')), 'KEY_EXISTS'); // a dangling link is not free
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(dir, 'b.key'))).toEqual(key);
    expect(existsSync(join(dir, 'c.pub'))).toBe(false);
  });
});
