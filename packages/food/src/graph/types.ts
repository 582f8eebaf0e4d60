import type { CborMap, LogRecord, RecordRef } from '@suyuan/core';
import type { FoodKind } from '../events.js';

/** One business's log, as the graph needs it: its id, its enterprise, its records in seq order. */
export interface GraphLog {
  logId: Uint8Array;
  enterprise: string;
  /** Records from seq 0 (the genesis) on; records of other kinds than `food.*` are skipped. */
  records: readonly LogRecord[];
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

export interface GraphEvent {
  id: number;
  log: number;
  seq: number;
  kind: FoodKind;
  body: CborMap;
  refs: readonly RecordRef[];
  voided: boolean;
  /** Lots (node ids) the event touches. */
  nodes: number[];
}

/** Where quantities of a lot at one business went, in one dimension. */
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
  /** Events touching the lot here, in log order. */
  events: number[];
  /** Events that brought the lot into being or into this business (harvest, receive, transform output). */
  sources: number[];
  ledger: Ledger;
  /** Upstream records referenced but not in the graph (their log was not supplied). */
  gaps: RecordId[];
}
