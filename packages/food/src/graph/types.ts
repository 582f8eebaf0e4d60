import type { CborMap, LogRecord } from '@suyuan/core';
import type { FoodFinding } from '../findings.js';
import type { FoodKind } from '../events.js';

/** One business's log, as the graph needs it: its id, its enterprise, its records in seq order. */
export interface GraphLog {
  logId: Uint8Array;
  enterprise: string;
  /** Its enrolled name, for messages and reports. */
  name?: string;
  /** An excerpt: not every record of the log is present (rules that conclude from a missing record are not applied). */
  partial?: boolean;
  /** Records in seq order (the genesis may be included); records of other kinds than `food.*` are skipped. */
  records: readonly LogRecord[];
}

/** What the streaming builder is told about a log before its records. */
export interface GraphLogInfo {
  logId: Uint8Array;
  enterprise: string;
  name?: string;
  partial?: boolean;
}

export interface GraphOptions {
  /** Default accepted difference between shipped and received quantities, as a fraction. Default "0". */
  receiveTolerance?: string;
  /** Keep every event's decoded body (`graph.event(id).body`): for small graphs (reports, tests); off by default. */
  keepBodies?: boolean;
  /** Keep sales' trace codes for `{ traceCode }` starts. Default true; verification alone can save their memory with false. */
  traceCodes?: boolean;
  /** From when a producer's first sale needs a 承诺达标合格证 (an event time). Default 2026-02-01T00:00:00+08:00. */
  certificateRequiredFrom?: string;
  /** Receives every finding instead of `graph.findings`. */
  onFinding?: (f: FoodFinding) => void;
}

/** A record of some log, by log id (hex) and seq. */
export interface RecordId {
  logId: string;
  seq: number;
}

/** A lot at one business: lot codes are only unique within a business. */
export interface LotId {
  logId: string;
  enterprise: string;
  lot: string;
}

/** Quantities by dimension: `mass` in kg, `volume` in litres, `count` in pieces, `count:XBX` in boxes… */
export type Amounts = Record<string, string>;

/** One event of the graph, as a view over its compact columns. */
export interface GraphEvent {
  id: number;
  log: number;
  seq: number;
  kind: FoodKind;
  /** The event time, in ms since the epoch. */
  time: number;
  voided: boolean;
  /** Lots (node ids) the event touches. */
  nodes: number[];
  /** The decoded body, only when the graph was built with `keepBodies`. */
  body?: CborMap;
}

/** Where quantities of a lot at one business went, in one dimension (millionths of its base unit). */
export interface Ledger {
  dimension: string | undefined;
  /** A second dimension appeared: the balance cannot be computed. */
  mixed: boolean;
  created: bigint;
  received: bigint;
  shipped: bigint;
  used: bigint;
  sold: bigint;
  catered: bigint;
  disposed: bigint;
}

export interface LotNode {
  id: number;
  log: number;
  lot: string;
  upstream: number[];
  downstream: number[];
  /** Events touching the lot here, in seq order. */
  events: number[];
  /** Events that brought the lot into being or into this business (harvest, receive, transform output). */
  sources: number[];
  ledger: Ledger;
  /** Upstream records referenced but not in the graph (their log, or the record, was not supplied). */
  gaps: RecordId[];
}
