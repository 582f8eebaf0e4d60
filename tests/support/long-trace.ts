import { join } from 'node:path';
import { generateSecretKey } from '@suyuan/core';
import { DurableLog, FileLogStore, readSecretKeyFile, writePublicKeyFile, writeSecretKeyFile } from '@suyuan/store';
import { BundleWriter, ENROL_KIND } from '@suyuan/verify';

const time = (minutes: number) => `2025-11-26T${String(8 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
const line = (lot: string, value: string) => ({ lot, product: { description: '长链测试青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });

/**
 * A bundle whose receipt traces back through `steps` lots of one enrolled business: a harvest,
 * then a transformation per step, then a sale with trace code LONG-0001. Its genesis calls the
 * business '自称名称' and the authority enrols it as '长链测试农场', so a report must show the latter.
 * A pesticide used two days before the harvest breaks its seven-day interval.
 */
export async function writeLongTrace(dir: string, steps = 50): Promise<{ bundle: string; authorityPub: string }> {
  const authKey = join(dir, 'authority.key');
  writeSecretKeyFile(authKey, generateSecretKey());
  const authorityPub = join(dir, 'authority.pub');
  writePublicKeyFile(authorityPub, readSecretKeyFile(authKey).publicKey);
  const authority = await DurableLog.create(await FileLogStore.open(join(dir, 'authority')), readSecretKeyFile(authKey), { enterprise: '12350100MB0000000Q', meta: { name: '市场监督管理局', role: 'authority' } });
  const farmKey = join(dir, 'farm.key');
  writeSecretKeyFile(farmKey, generateSecretKey());
  const signer = readSecretKeyFile(farmKey);
  const farm = await DurableLog.create(await FileLogStore.open(join(dir, 'farm'), { mode: 'batched' }), signer, { enterprise: '91350100M000100Y43', meta: { name: '自称名称' } });
  await authority.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: '91350100M000100Y43', name: '长链测试农场', roles: ['farm', 'market'], validFrom: Date.now() - 86_400_000 } });
  await authority.checkpoint();
  await farm.append({ kind: 'food.input-use', body: { eventTime: '2025-11-24T06:00:00+08:00', input: { type: 'pesticide', name: '毒死蜱', registration: 'PD20091234', quantity: { value: '0.2', unit: 'KGM' } }, target: { field: 'L-01' }, safetyIntervalDays: 7 } });
  await farm.append({ kind: 'food.harvest', body: { eventTime: time(0), ...line('L-00', '1000'), method: 'harvest', origin: { region: '福建省福州市', field: 'L-01' } } });
  for (let i = 1; i < steps; i++) {
    await farm.append({ kind: 'food.transform', body: { eventTime: time(i), inputs: [line(`L-${String(i - 1).padStart(2, '0')}`, '1000')], outputs: [line(`L-${String(i).padStart(2, '0')}`, '1000')], yield: { ratio: '1', tolerance: '0.01' } } });
  }
  await farm.append({ kind: 'food.sale', body: { eventTime: time(steps), ...line(`L-${String(steps - 1).padStart(2, '0')}`, '2'), traceCode: 'LONG-0001' } });
  await farm.checkpoint();
  const bundle = join(dir, 'long.bundle');
  const writer = BundleWriter.toFile(bundle, { created: Date.now(), description: `a ${steps}-step trace` });
  await writer.addStore(authority.store, authority.logId);
  await writer.addStore(farm.store, farm.logId);
  writer.finish();
  await authority.close();
  await farm.close();
  return { bundle, authorityPub };
}
