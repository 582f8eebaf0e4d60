import { describe, expect, it } from 'vitest';
import { verifyBundle, formatReport, type BundleReport } from '../src/index.js';
import { AUTHORITY_KEY, scenarioBundle } from './fixture.js';

const codes = (r: BundleReport) => r.findings.map((f) => f.code);

describe('verifyBundle on a seven-business chain', () => {
  it('a complete, enrolled, checkpointed bundle is valid', async () => {
    const { bytes } = await scenarioBundle();
    const r = await verifyBundle(bytes, { trust: [AUTHORITY_KEY] });
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('valid');
    expect(r.logs).toHaveLength(8);
    expect(r.logs.filter((l) => l.authority)).toHaveLength(1);
    expect(r.logs.every((l) => l.authority || l.enrolment !== undefined)).toBe(true);
    expect(formatReport(r)).toMatch(/^✔ VALID/);
  });

  it('without the authority key every log is a policy finding, reported apart from the cryptographic layers', async () => {
    const { bytes } = await scenarioBundle();
    const r = await verifyBundle(bytes, { trust: [new Uint8Array(32).fill(7)] });
    expect(r.verdict).toBe('invalid');
    expect(r.layers).toEqual({ bundle: 'ok', log: 'ok', refs: 'ok', food: 'ok', policy: 'errors' });
    expect(codes(r)).toContain('POLICY_NO_AUTHORITY');
    expect(codes(r).filter((c) => c === 'POLICY_NOT_ENROLLED')).toHaveLength(8);
  });

  it('an unenrolled, a revoked and a wrong-role key are policy findings', async () => {
    const unenrolled = await verifyBundle((await scenarioBundle({ skipEnrolment: 'market1' })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(unenrolled)).toEqual(['POLICY_NOT_ENROLLED']);
    const revoked = await verifyBundle((await scenarioBundle({ revoke: 'farmB' })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(revoked)).toEqual(['POLICY_REVOKED']);
    const role = await verifyBundle((await scenarioBundle({ wrongRole: ['restaurant', 'farm'] })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(role).sort()).toEqual(['POLICY_ROLE', 'POLICY_ROLE']); // receive and catering-use
    expect(role.layers.log).toBe('ok');
  });

  it('records signed outside the enrolment\'s validity are policy findings, counted per log', async () => {
    // The scenario's records are dated 2025-11-26 (1_764_115_2xx_xxx ms).
    const early = await verifyBundle((await scenarioBundle({ validFrom: ['market1', 1_800_000_000_000] })).bytes, { trust: [AUTHORITY_KEY] });
    expect(early.findings.map((f) => [f.code, f.severity, f.layer])).toEqual([['POLICY_NOT_YET_VALID', 'error', 'policy']]);
    expect(early.findings[0]!.message).toMatch(/^11 records signed before/); // receive + 10 sales, one finding
    const late = await verifyBundle((await scenarioBundle({ validUntil: ['farmA', 1_764_115_203_000] })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(late)).toEqual(['POLICY_EXPIRED']);
  });

  it('an unsigned tail gets its own verdict, never valid', async () => {
    const r = await verifyBundle((await scenarioBundle({ unsignedTail: 'farmA' })).bytes, { trust: [AUTHORITY_KEY] });
    expect(r.verdict).toBe('unsigned');
    expect(codes(r)).toEqual(['LOG_UNSIGNED_TAIL']);
  });
});
