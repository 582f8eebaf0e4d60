import { decodeRecord, toHex } from '@suyuan/core';
import { readAuthorityLog, type BundleFinding, type Enrolment } from '@suyuan/verify';
import { authorityState, type HubStore, type StoredLog } from './store/hub-store.js';

/** Enrolments, and the authority logs' state (`authorityState`) they were read from. */
export interface EnrolmentView {
  enrolments: Map<string, Enrolment>;
  state: string;
}

/**
 * Enrolments as the authority logs stored on this hub say, read with @suyuan/verify's own
 * reader (the same rules a bundle verifier applies). Derived data only: the cache is keyed by
 * the authority logs' sizes and rebuilt when one grows, so several hub processes agree.
 */
export class TrustView {
  readonly anchors: ReadonlySet<string>;
  private cached: EnrolmentView | undefined;

  readonly anchorKeys: readonly Uint8Array[];

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
    return (await this.view(true)).enrolments;
  }

  /**
   * The enrolment view. `fresh: false` returns the last view read, without asking the store:
   * a push checked against it hands `state` to the append, which refuses (`HUB_CONFLICT`, and
   * the push is checked again on a fresh view) if the authority logs are otherwise at commit.
   */
  /** Drops the view kept: the next `view(false)` reads the store. */
  forget(): void {
    this.cached = undefined;
  }

  async view(fresh: boolean): Promise<EnrolmentView> {
    if (!fresh && this.cached !== undefined) return this.cached;
    const logs = await this.authorityLogs();
    const state = authorityState(logs);
    if (this.cached?.state === state) return this.cached;
    const enrolments = new Map<string, Enrolment>();
    const findings: BundleFinding[] = [];
    for (const l of logs) {
      const records = (await this.store.records(l.logId, 0, l.size)).map((r) => decodeRecord(r));
      // Everything the hub stores is covered by a verified checkpoint: all of it is signed.
      readAuthorityLog(toHex(l.logId), records, l.size, enrolments, findings);
    }
    this.cached = { state, enrolments };
    return this.cached;
  }
}
