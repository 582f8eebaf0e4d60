import type { RecordRef } from '@suyuan/core';
import { formatRef } from './ref.js';
import type { TraceCode } from './trace-code.js';

/** What an event method resolves to, once the record is durable. */
export class Appended {
  /**
   * @param seq the record's position in the ledger
   * @param leafHash its RFC 9162 leaf hash
   * @param logId the ledger's log id
   * @param traceCode the trace code a sale or pack carries
   */
  constructor(readonly seq: number, readonly leafHash: Uint8Array, readonly logId: Uint8Array, readonly traceCode?: TraceCode) {}

  /** The record's reference `[logId, seq, leafHash]`, as a downstream record's refs hold it. */
  get record(): RecordRef {
    return { logId: this.logId, seq: this.seq, leafHash: this.leafHash };
  }

  /**
   * The reference as a string (`SY1-…`) for a dispatch note's QR code or an EDI field: what a
   * customer's `receive({ shipment })` takes. Formed on first use.
   */
  get ref(): string {
    return formatRef(this.record);
  }
}

/** What `sale()` and `pack()` resolve to: the record, and the trace code printed for it. */
export type Issued = Appended & { readonly traceCode: TraceCode };
