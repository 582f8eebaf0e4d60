import { isAcceptablePublicKey, toHex, type CborMap, type LogRecord } from '@suyuan/core';
import { isFoodKind, isValidUscc } from '@suyuan/food';
import type { BundleFinding } from './findings.js';

/** Roles an authority can grant, and the kinds of event each may record. */
export const ROLE_KINDS: Readonly<Record<string, readonly string[]>> = {
  farm: ['food.input-use', 'food.harvest', 'food.test', 'food.certificate', 'food.pack', 'food.ship', 'food.disposal', 'food.recall', 'food.correction'],
  processor: ['food.receive', 'food.transform', 'food.pack', 'food.ship', 'food.test', 'food.certificate', 'food.disposal', 'food.recall', 'food.correction'],
  wholesaler: ['food.receive', 'food.transform', 'food.pack', 'food.ship', 'food.test', 'food.certificate', 'food.disposal', 'food.recall', 'food.correction'],
  logistics: ['food.receive', 'food.ship', 'food.correction'],
  market: ['food.receive', 'food.sale', 'food.ship', 'food.transform', 'food.pack', 'food.test', 'food.disposal', 'food.recall', 'food.correction'],
  retailer: ['food.receive', 'food.sale', 'food.ship', 'food.test', 'food.disposal', 'food.recall', 'food.correction'],
  restaurant: ['food.receive', 'food.catering-use', 'food.test', 'food.disposal', 'food.correction'],
  lab: ['food.test', 'food.correction'],
  regulator: ['food.test', 'food.recall', 'food.correction'],
};
export const ROLES = Object.keys(ROLE_KINDS);

/** What an authority says about one author key. */
export interface Enrolment {
  key: string;
  enterprise: string;
  name: string;
  roles: string[];
  validFrom: number;
  validUntil?: number;
  /** Records from this time on are signed by a revoked key. */
  revokedAt?: number;
  /** The authority record that enrolled it. */
  record: { logId: string; seq: number };
}

export const ENROL_KIND = 'authority.enroll';
export const REVOKE_KIND = 'authority.revoke';

/**
 * Reads enrolments and revocations from the signed part of an authority log (records past
 * its last verified checkpoint are not taken into account).
 */
export function readAuthorityLog(logId: string, records: readonly LogRecord[], signedSize: number, into: Map<string, Enrolment>, findings: BundleFinding[]): void {
  const bad = (seq: number, message: string) => findings.push({ code: 'POLICY_BAD_ENROLMENT', severity: 'error', layer: 'policy', message, logId, seq });
  for (const rec of records) {
    if (rec.seq === 0 || rec.seq >= signedSize) continue;
    const b = rec.body as CborMap;
    const key = b.key instanceof Uint8Array && b.key.length === 32 ? toHex(b.key) : undefined;
    if (rec.kind === ENROL_KIND) {
      const roles = Array.isArray(b.roles) ? b.roles.filter((r): r is string => typeof r === 'string') : [];
      if (key === undefined || !isAcceptablePublicKey(b.key as Uint8Array)) bad(rec.seq, 'enrolment of a key that is not an acceptable Ed25519 public key');
      else if (typeof b.enterprise !== 'string' || !isValidUscc(b.enterprise)) bad(rec.seq, 'enrolment without a valid 统一社会信用代码');
      else if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) bad(rec.seq, `enrolment roles must be among ${ROLES.join(', ')}`);
      else if (typeof b.validFrom !== 'number' || (b.validUntil !== undefined && (typeof b.validUntil !== 'number' || b.validUntil <= b.validFrom))) bad(rec.seq, 'enrolment needs validFrom (ms) and, if any, a later validUntil');
      else {
        const previous = into.get(key);
        into.set(key, {
          key, enterprise: b.enterprise, name: typeof b.name === 'string' ? b.name : '', roles, validFrom: b.validFrom,
          ...(typeof b.validUntil === 'number' ? { validUntil: b.validUntil } : {}),
          ...(previous?.revokedAt !== undefined ? { revokedAt: previous.revokedAt } : {}),
          record: { logId, seq: rec.seq },
        });
      }
    } else if (rec.kind === REVOKE_KIND) {
      if (key === undefined || typeof b.at !== 'number') bad(rec.seq, 'a revocation names the key and the time from which it is revoked');
      else {
        const e = into.get(key);
        if (e !== undefined) e.revokedAt = Math.min(e.revokedAt ?? Infinity, b.at);
        else into.set(key, { key, enterprise: '', name: '', roles: [], validFrom: Infinity, revokedAt: b.at, record: { logId, seq: rec.seq } });
      }
    }
  }
}

/** Per-record policy check, with findings counted per kind of breach so a long log gives a short report. */
export class PolicyCheck {
  private readonly counts = new Map<string, { code: BundleFinding['code']; first: number; n: number; message: string }>();
  /** Whether the enrolled roles allow a kind, remembered per kind: a log uses a handful. */
  private readonly allowed = new Map<string, boolean>();

  constructor(private readonly logId: string, private readonly enrolment: Enrolment | undefined) {}

  private allows(kind: string): boolean {
    let a = this.allowed.get(kind);
    if (a === undefined) {
      a = !kind.startsWith('authority.') && (!isFoodKind(kind) || this.enrolment!.roles.some((r) => ROLE_KINDS[r]!.includes(kind)));
      this.allowed.set(kind, a);
    }
    return a;
  }

  record(seq: number, kind: string, time: number): void {
    const e = this.enrolment;
    if (e === undefined || seq === 0) return;
    if (time < e.validFrom) this.count('POLICY_NOT_YET_VALID', seq, `records signed before the key's enrolment starts (${new Date(e.validFrom).toISOString()})`);
    else if (e.validUntil !== undefined && time >= e.validUntil) this.count('POLICY_EXPIRED', seq, `records signed after the key's enrolment ended (${new Date(e.validUntil).toISOString()})`);
    if (e.revokedAt !== undefined && time >= e.revokedAt) this.count('POLICY_REVOKED', seq, `records signed with a key revoked at ${new Date(e.revokedAt).toISOString()}`);
    if (!this.allows(kind)) this.count('POLICY_ROLE', seq, `${kind} records, which roles ${e.roles.join(', ')} may not make`, kind);
  }

  private count(code: BundleFinding['code'], seq: number, message: string, detail = ''): void {
    const k = `${code}\0${detail}`;
    const c = this.counts.get(k);
    if (c === undefined) this.counts.set(k, { code, first: seq, n: 1, message });
    else c.n++;
  }

  findings(): BundleFinding[] {
    return [...this.counts.values()].map((c) => ({ code: c.code, severity: 'error' as const, layer: 'policy' as const, message: `${c.n} ${c.message} (first at seq ${c.first})`, logId: this.logId, seq: c.first }));
  }
}
