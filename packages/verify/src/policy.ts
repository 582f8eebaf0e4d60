import { isAcceptableSuiteKey, toHex, type CborMap, type LogRecord } from '@suyuan/core';
import { isValidUscc } from '@suyuan/food';
import type { BundleFinding } from './findings.js';
import { ROLES, type Enrolment } from './policy-check.js';

export { AUTHORITY_ROLE, ROLE_KINDS, ROLES, PolicyCheck, declaresAuthority, type Enrolment } from './policy-check.js';

export const ENROL_KIND = 'authority.enroll';
export const REVOKE_KIND = 'authority.revoke';

const ENROLMENT_KEYS = new Set(['key', 'enterprise', 'name', 'roles', 'validFrom', 'validUntil']);
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Applies one signed record of an authority log: an enrolment or a revocation. Only keys in
 * `wanted` (the authors of the bundle's logs) are remembered, so memory follows the logs in
 * the bundle, not the size of the authority's register.
 */
export function applyAuthorityRecord(logId: string, rec: Pick<LogRecord, 'seq' | 'kind' | 'body'>, wanted: { has(key: string): boolean }, into: Map<string, Enrolment>, report: (f: BundleFinding) => void): void {
  if (rec.seq === 0) return;
  const bad = (message: string) => report({ code: 'POLICY_BAD_ENROLMENT', severity: 'error', layer: 'policy', message, logId, seq: rec.seq });
  const b = rec.body as CborMap;
  // An Ed25519 key (32 bytes) or an SM2 key (65 bytes, uncompressed): enrolments serve both suites.
  const key = b.key instanceof Uint8Array && (b.key.length === 32 || b.key.length === 65) ? toHex(b.key) : undefined;
  if (rec.kind === ENROL_KIND) {
    const roles = Array.isArray(b.roles) ? b.roles.filter((r): r is string => typeof r === 'string') : [];
    const unknown = Object.keys(b).filter((k) => !ENROLMENT_KEYS.has(k));
    if (unknown.length > 0) bad(`enrolment with unknown fields: ${unknown.slice(0, 8).join(', ')}`);
    else if (key === undefined || !isAcceptableSuiteKey((b.key as Uint8Array).length === 32 ? 'ed25519-sha256' : 'sm2-sm3', b.key as Uint8Array)) bad('enrolment of a key that is not an acceptable Ed25519 or SM2 public key');
    else if (typeof b.enterprise !== 'string' || !isValidUscc(b.enterprise)) bad('enrolment without a valid 统一社会信用代码');
    else if (typeof b.name !== 'string') bad('enrolment without a name');
    else if (!Array.isArray(b.roles) || roles.length !== b.roles.length || roles.length === 0 || roles.some((r) => !ROLES.includes(r))) bad(`enrolment roles must be among ${ROLES.join(', ')}`);
    else if (!isMs(b.validFrom) || (b.validUntil !== undefined && (!isMs(b.validUntil) || b.validUntil <= b.validFrom))) bad('enrolment needs validFrom (ms) and, if any, a later validUntil');
    else if (wanted.has(key)) {
      const previous = into.get(key);
      into.set(key, {
        key, enterprise: b.enterprise, name: b.name, roles, validFrom: b.validFrom,
        ...(isMs(b.validUntil) ? { validUntil: b.validUntil } : {}),
        ...(previous?.revokedAt !== undefined ? { revokedAt: previous.revokedAt } : {}),
        record: { logId, seq: rec.seq },
      });
    }
  } else if (rec.kind === REVOKE_KIND) {
    if (key === undefined || !isMs(b.at)) bad('a revocation names the key and the time from which it is revoked');
    else if (wanted.has(key)) {
      const e = into.get(key);
      if (e !== undefined) e.revokedAt = Math.min(e.revokedAt ?? Infinity, b.at);
      else into.set(key, { key, enterprise: '', name: '', roles: [], validFrom: Infinity, revokedAt: b.at, record: { logId, seq: rec.seq } });
    }
  }
}

/** Every enrolment and revocation among the signed records (seq < signedSize) of an authority log held in memory. */
export function readAuthorityLog(logId: string, records: readonly LogRecord[], signedSize: number, into: Map<string, Enrolment>, findings: BundleFinding[]): void {
  const all = { has: () => true };
  for (const rec of records) if (rec.seq < signedSize) applyAuthorityRecord(logId, rec, all, into, (f) => findings.push(f));
}
