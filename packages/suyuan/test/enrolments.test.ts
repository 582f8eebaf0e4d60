/** Issue 10: an authority's ledger refuses an enrolment that repeats the key's current one, and one of its own key. */
import { describe, expect, it } from 'vitest';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import { ENROL_KIND } from '@suyuan/verify';
import { Ledger } from '../src/index.js';
import { FARM, MARKET, rejectsWith } from './helpers.js';

const signer = nodeSigner(new Uint8Array(32).fill(7));
const member = nodeSigner(new Uint8Array(32).fill(9)).publicKey;
const enrol = (body: Record<string, unknown> = {}) => ({ kind: ENROL_KIND, body: { key: member, enterprise: MARKET, name: '仓山生鲜超市', roles: ['market'], validFrom: 0, ...body } });
const authority = () => Ledger.open({ store: new MemoryLogStore(), signer, enterprise: 'district-regulator', authority: true, name: '市场监督管理局' });

describe('an authority ledger\'s enrolments', () => {
  it('refuses the same enrolment twice (ENROL_DUPLICATE) and writes nothing', async () => {
    const a = await authority();
    await a.appendRecords([enrol()]);
    const e = await rejectsWith(a.appendRecords([enrol({ key: new Uint8Array(member) })]), 'ENROL_DUPLICATE');
    expect(e.index).toBe(0);
    expect(a.size).toBe(2);
    // Roles in another order are the same roles.
    await a.appendRecords([enrol({ roles: ['market', 'retailer'] })]);
    await rejectsWith(a.appendRecords([enrol({ roles: ['retailer', 'market'] })]), 'ENROL_DUPLICATE');
    await a.close();
  });

  it('refuses a batch that repeats one enrolment', async () => {
    const a = await authority();
    expect((await rejectsWith(a.appendRecords([enrol(), enrol()]), 'ENROL_DUPLICATE')).index).toBe(1);
    expect(a.size).toBe(1);
    await a.close();
  });

  it('allows a changed enrolment of the same key (it replaces the earlier one), and going back to an earlier one', async () => {
    const a = await authority();
    await a.appendRecords([enrol()]);
    for (const change of [{ name: '仓山生鲜超市（新）' }, { enterprise: FARM, roles: ['farm'] }, { validFrom: 1 }, { validUntil: 2_000_000_000_000 }, {}]) {
      await a.appendRecords([enrol(change)]);
    }
    expect(a.size).toBe(7);
    await a.close();
  });

  it('refuses enrolling the authority\'s own key as a member (ENROL_OWN_KEY)', async () => {
    const a = await authority();
    const e = await rejectsWith(a.appendRecords([enrol({ key: signer.publicKey })]), 'ENROL_OWN_KEY');
    expect(e.path).toBe('body.key');
    expect(a.size).toBe(1);
    await a.close();
  });
});
