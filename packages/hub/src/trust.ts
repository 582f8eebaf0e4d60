import { decodeRecord, toHex } from '@suyuan/core';
import { declaresAuthority, readAuthorityLog, type BundleFinding, type Enrolment } from '@suyuan/verify';
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

  /** Whether the log's author is one of the hub's authority keys (see `isAuthorityLog` for what makes an authority log). */
  isAuthority(log: Pick<StoredLog, 'author'>): boolean {
    return this.anchors.has(toHex(log.author));
  }

  /** Per log id: whether its genesis declares an authority's log (a genesis never changes). */
  private readonly declared = new Map<string, boolean>();

  /**
   * Whether a log is an authority log, by the verifier's rule (FORMAT.md §12, `declaresAuthority`):
   * its author is an authority key AND its genesis declares `meta.role = "authority"`. A trusted
   * key's other log is an ordinary log, enrolment checked. `genesis`: the genesis bytes being
   * pushed, for a log not stored yet.
   */
  async isAuthorityLog(log: Pick<StoredLog, 'logId' | 'author'>, genesis?: Uint8Array): Promise<boolean> {
    if (!this.isAuthority(log)) return false;
    const id = toHex(log.logId);
    let d = this.declared.get(id);
    if (d === undefined) {
      const bytes = genesis ?? (await this.store.records(log.logId, 0, 1))[0];
      d = bytes !== undefined && declaresAuthority(decodeRecord(bytes).body.meta);
      this.declared.set(id, d); // the log id is the genesis' leaf hash: the same for every copy
    }
    return d;
  }

  async authorityLogs(): Promise<StoredLog[]> {
    const logs = await this.store.logsByAuthor(this.anchorKeys);
    const declared = await Promise.all(logs.map((l) => this.isAuthorityLog(l)));
    return logs.filter((_, i) => declared[i]).sort((a, b) => toHex(a.logId).localeCompare(toHex(b.logId)));
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
    // The state covers every log of an authority key (what the append compares); enrolments come from the authority logs only.
    const state = authorityState(await this.store.logsByAuthor(this.anchorKeys));
    if (this.cached?.state === state) return this.cached;
    const enrolments = new Map<string, Enrolment>();
    const findings: BundleFinding[] = [];
    for (const l of await this.authorityLogs()) {
      const records = (await this.store.records(l.logId, 0, l.size)).map((r) => decodeRecord(r));
      // Everything the hub stores is covered by a verified checkpoint: all of it is signed.
      readAuthorityLog(toHex(l.logId), records, l.size, enrolments, findings);
    }
    this.cached = { state, enrolments };
    return this.cached;
  }
}
