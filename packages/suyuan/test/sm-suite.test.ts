import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecord, fromHex, genesisInfo, generateSecretKey, sm2Sm3Crypto, toHex, verifyCheckpointSignature } from '@suyuan/core';
import { FileLogStore, readPublicKeyFile, readSecretKeyFile, writeSecretKeyFile } from '@suyuan/store';
import { Ledger } from '../src/index.js';
import { MARKET, T, line, rejectsWith, tempDir } from './helpers.js';

async function genesisOf(dir: string) {
  const store = await FileLogStore.open(join(dir, 'log'));
  try {
    return { info: genesisInfo(decodeRecord(await store.read(0))), checkpoints: await store.checkpoints() };
  } finally {
    await store.close();
  }
}

describe('Ledger.open with the 国密 suite (issue 19)', () => {
  it("suite: 'sm2-sm3' creates an SM2 key and an sm2-sm3 log whose checkpoints are SM2 signatures; reopening needs no suite", async () => {
    const dir = tempDir();
    const a = await Ledger.open({ dir, suite: 'sm2-sm3', enterprise: MARKET });
    expect(readSecretKeyFile(join(dir, 'author.key')).suite).toBe('sm2-sm3');
    expect(toHex(readPublicKeyFile(join(dir, 'author.pub')))).toBe(a.inspect().publicKey);
    expect(a.inspect().publicKey).toMatch(/^04[0-9a-f]{128}$/);
    const publicKey = fromHex(a.inspect().publicKey);
    await a.sale({ eventTime: T, ...line('QK-01', '1') });
    await a.close(); // signs a checkpoint
    const { info, checkpoints } = await genesisOf(dir);
    expect(info.suite).toBe('sm2-sm3');
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const cp of checkpoints) expect(verifyCheckpointSignature(sm2Sm3Crypto, cp, publicKey)).toBe(true);
    const b = await Ledger.open({ dir, enterprise: MARKET });
    expect((await b.sale({ eventTime: T, ...line('QK-01', '1') })).seq).toBe(2);
    await b.close();
  });

  it('a suite that is not the key\'s is LEDGER_OPTIONS, and so is an unknown suite', async () => {
    const dir = tempDir();
    writeSecretKeyFile(join(dir, 'author.key'), generateSecretKey());
    await rejectsWith(Ledger.open({ dir, suite: 'sm2-sm3', enterprise: MARKET }), 'LEDGER_OPTIONS');
    await rejectsWith(Ledger.open({ dir: tempDir(), suite: 'rsa' as 'sm2-sm3', enterprise: MARKET }), 'LEDGER_OPTIONS');
  });
});
