import type { BundleFinding } from './findings.js';

/*
 * What a worker thread needs of policy: the roles and the per-record check. Reading an
 * authority log (policy.ts) needs @suyuan/food's identifier rules; a worker does not load them.
 */

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

/** The genesis `meta.role` that declares a log an authority's (FORMAT.md §12). */
export const AUTHORITY_ROLE = 'authority';

/**
 * Whether a genesis `meta` declares its log an authority's. Only such a log, signed by a
 * trusted key, is an authority log: a trusted key's other logs are ordinary (issue 10).
 */
export function declaresAuthority(meta: unknown): boolean {
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) && (meta as Record<string, unknown>).role === AUTHORITY_ROLE;
}

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

/** Per-record policy check, with findings counted per kind of breach so a long log gives a short report. */
export class PolicyCheck {
  private readonly counts = new Map<string, { code: BundleFinding['code']; first: number; n: number; message: string }>();
  /** Whether the enrolled roles allow a kind, remembered per kind: a log uses a handful. */
  private readonly allowed = new Map<string, boolean>();

  /** Records at or past `signedLimit` (the largest checkpoint claimed) are unsigned: anybody could have written them, so they are not blamed on the key. */
  constructor(private readonly logId: string, private readonly enrolment: Enrolment | undefined, private readonly signedLimit = Infinity) {}

  private allows(kind: string): boolean {
    let a = this.allowed.get(kind);
    if (a === undefined) {
      // An unknown food.* kind is governed too: no role lists it.
      a = !kind.startsWith('authority.') && (!kind.startsWith('food.') || this.enrolment!.roles.some((r) => ROLE_KINDS[r]!.includes(kind)));
      this.allowed.set(kind, a);
    }
    return a;
  }

  record(seq: number, kind: string, time: number): void {
    const e = this.enrolment;
    if (e === undefined || seq === 0 || seq >= this.signedLimit) return;
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
