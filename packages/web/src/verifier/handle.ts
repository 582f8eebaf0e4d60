import { SuyuanError, decodeKeyPem, fromHex, isAcceptableSuiteKey, type SuiteName } from '@suyuan/core';
import { BundleReadError, verifyBundleBytes } from '@suyuan/verify/portable';
import type { TrustInput, VerifierMessage, VerifyRequest } from './protocol.js';

/** Progress is posted at most this often (and always for the last log), so a bundle of many small logs does not flood the page. */
const PROGRESS_EVERY_MS = 50;

class RequestError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A trusted key's bytes; a secret key is refused (and wiped) without being used. */
export function trustKey(t: TrustInput): Uint8Array {
  if ('pem' in t) {
    const k = decodeKeyPem(t.pem);
    if (k.kind !== 'public') {
      k.key.fill(0);
      throw new SuyuanError('KEY_FILE', 'a secret key where a public key file is expected: choose the .pub file');
    }
    return k.key;
  }
  let key: Uint8Array;
  try {
    key = typeof t.publicKey === 'string' ? fromHex(t.publicKey) : t.publicKey;
  } catch {
    throw new SuyuanError('KEY_INVALID', 'the public key is not hex');
  }
  const suite: SuiteName = t.suite ?? (key.length === 65 ? 'sm2-sm3' : 'ed25519-sha256');
  if (!isAcceptableSuiteKey(suite, key)) throw new SuyuanError('KEY_INVALID', `not an acceptable ${suite} public key`);
  return key;
}

/** Answers one request: progress, then its report (or why there is none). Never throws. */
export async function handleRequest(req: VerifyRequest, post: (m: VerifierMessage) => void, now: () => number = () => performance.now()): Promise<void> {
  const id = typeof req?.id === 'number' ? req.id : -1;
  try {
    if (req?.type !== 'verify' || !(req.bundle instanceof ArrayBuffer) || !Array.isArray(req.trust)) throw new RequestError('WEB_BAD_REQUEST', 'expected { type: "verify", id, bundle: ArrayBuffer, trust: [...] }');
    const trust = req.trust.map(trustKey);
    if (trust.length === 0) throw new RequestError('WEB_NO_TRUST', 'no trusted authority key: a bundle is verified against the authority keys you trust');
    let last = -Infinity;
    post({ type: 'progress', id, done: 0, total: 0 });
    const report = await verifyBundleBytes(new Uint8Array(req.bundle), {
      trust, food: req.food !== false,
      onProgress: (done, total) => {
        if (done < total && now() - last < PROGRESS_EVERY_MS) return;
        last = now();
        post({ type: 'progress', id, done, total });
      },
    });
    post({ type: 'report', id, report });
  } catch (e) {
    if (e instanceof BundleReadError) post({ type: 'refused', id, code: e.code, message: e.message });
    else if (e instanceof SuyuanError || e instanceof RequestError) post({ type: 'failed', id, code: e.code, message: e.message });
    else post({ type: 'failed', id, code: 'WEB_INTERNAL', message: String((e as Error)?.stack ?? e) });
  }
}
