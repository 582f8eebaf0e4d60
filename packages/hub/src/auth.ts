import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Regulator bearer tokens, compared in constant time: both sides are hashed to 32 bytes
 * first (so lengths leak nothing) and every configured token is compared, match or not.
 */
export class TokenCheck {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.filter((t) => t.length > 0).map(digest);
  }

  allows(authorization: string | undefined): boolean {
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(authorization ?? '');
    const given = digest(m?.[1] ?? '');
    let ok = false;
    for (const d of this.digests) ok = timingSafeEqual(d, given) || ok;
    return ok && m !== null;
  }
}

function digest(token: string): Buffer {
  // One-shot hash: no Hash object per request (this runs on every regulator query).
  return hash('sha256', token, 'buffer');
}
