/** The verifier worker's protocol (docs/WEB.md), driven in Node: progress then one answer, with codes for what cannot be verified. */
import { describe, expect, it } from 'vitest';
import { encodePublicKeyPem, encodeSecretKeyPem, toHex } from '@suyuan/core';
import { handleRequest } from '../src/verifier/handle.js';
import type { TrustInput, VerifierMessage } from '../src/verifier/protocol.js';
import { AUTHORITY_KEY, AUTHORITY_SECRET, scenarioBundle } from '../../verify/test/fixture.js';

async function ask(bundle: Uint8Array | ArrayBuffer, trust: TrustInput[], extra: object = {}): Promise<VerifierMessage[]> {
  const got: VerifierMessage[] = [];
  const buf = bundle instanceof ArrayBuffer ? bundle : bundle.slice().buffer;
  await handleRequest({ type: 'verify', id: 7, bundle: buf, trust, ...extra }, (m) => got.push(m));
  return got;
}

const last = (ms: VerifierMessage[]) => ms[ms.length - 1]!;

describe('the verifier worker\'s requests', () => {
  it('answers progress, then the report, for each form of trusted key', async () => {
    const { bytes } = await scenarioBundle();
    for (const trust of [[{ pem: encodePublicKeyPem('ed25519-sha256', AUTHORITY_KEY) }], [{ publicKey: AUTHORITY_KEY }], [{ publicKey: toHex(AUTHORITY_KEY), suite: 'ed25519-sha256' as const }]]) {
      const ms = await ask(bytes, trust);
      expect(ms.every((m) => m.id === 7)).toBe(true);
      expect(ms[0]).toEqual({ type: 'progress', id: 7, done: 0, total: 0 });
      const progress = ms.filter((m) => m.type === 'progress');
      expect(progress.at(-1)).toMatchObject({ done: 7, total: 7 }); // the seven businesses; the authority's log is read first
      const end = last(ms);
      expect(end.type === 'report' && end.report.verdict).toBe('valid');
    }
  });

  it('refuses what is not a bundle as suyuan verify does (its exit 2)', async () => {
    expect(last(await ask(new TextEncoder().encode('not a bundle'), [{ publicKey: AUTHORITY_KEY }]))).toMatchObject({ type: 'refused', code: 'BUNDLE_NOT_A_BUNDLE' });
  });

  it('refuses a secret key given as the trusted key, no key, a bad key and a malformed request, with codes', async () => {
    const { bytes } = await scenarioBundle();
    expect(last(await ask(bytes, [{ pem: encodeSecretKeyPem('ed25519-sha256', AUTHORITY_SECRET) }]))).toMatchObject({ type: 'failed', code: 'KEY_FILE' });
    expect(last(await ask(bytes, [{ pem: 'hello' }]))).toMatchObject({ type: 'failed', code: 'KEY_FILE' });
    expect(last(await ask(bytes, []))).toMatchObject({ type: 'failed', code: 'WEB_NO_TRUST' });
    expect(last(await ask(bytes, [{ publicKey: 'zz' }]))).toMatchObject({ type: 'failed', code: 'KEY_INVALID' });
    expect(last(await ask(bytes, [{ publicKey: new Uint8Array(31) }]))).toMatchObject({ type: 'failed', code: 'KEY_INVALID' });
    const got: VerifierMessage[] = [];
    await handleRequest({ type: 'verify', id: 1, bundle: 'x' } as never, (m) => got.push(m));
    expect(got).toEqual([expect.objectContaining({ type: 'failed', id: 1, code: 'WEB_BAD_REQUEST' })]);
  });
});
