import { decodeRecord, toHex } from '@suyuan/core';
import { readAuthorityLog, type BundleFinding, type Enrolment } from '@suyuan/verify';
import type { HubStore, StoredLog } from './store/hub-store.js';

/**
 * Enrolments as the authority logs stored on this hub say, read with @suyuan/verify's own
 * reader (the same rules a bundle verifier applies). Derived data only: the cache is keyed by
 * the authority logs' sizes and rebuilt when one grows, so several hub processes agree.
 */
export class TrustView {
  readonly anchors: ReadonlySet<string>;
  private cached: { key: string; enrolments: Map<string, Enrolment> } | undefined;

  private readonly anchorKeys: readonly Uint8Array[];

  constructor(anchors: readonly Uint8Array[], private readonly store: HubStore) {
    this.anchors = new Set(anchors.map(toHex));
    this.anchorKeys = anchors.slice();
  }

  isAuthority(log: Pick<StoredLog, 'author'>): boolean {
    return this.anchors.has(toHex(log.author));
  }

  async authorityLogs(): Promise<StoredLog[]> {
    return (await this.store.logsByAuthor(this.anchorKeys)).sort((a, b) => toHex(a.logId).localeCompare(toHex(b.logId)));
  }

  async enrolments(): Promise<Map<string, Enrolment>> {
    const logs = await this.authorityLogs();
    const key = logs.map((l) => `${toHex(l.logId)}:${l.size}`).join(',');
    if (this.cached?.key === key) return this.cached.enrolments;
    const enrolments = new Map<string, Enrolment>();
    const findings: BundleFinding[] = [];
    for (const l of logs) {
      const records = (await this.store.records(l.logId, 0, l.size)).map((r) => decodeRecord(r));
      // Everything the hub stores is covered by a verified checkpoint: all of it is signed.
      readAuthorityLog(toHex(l.logId), records, l.size, enrolments, findings);
    }
    this.cached = { key, enrolments };
    return enrolments;
  }
}
