import { CborReader, RECORD_LIMITS, toHex, type CborMap, type LogRecord, type RecordRef } from '@suyuan/core';
import { validateEvent, type FoodKind } from '../events.js';
import type { FoodFinding } from '../findings.js';
import { assemble } from './assemble.js';
import { readLotEvent } from './fast-body.js';
import type { LotGraph } from './graph.js';
import { EventStore, type IntakeLog } from './intake.js';
import type { GraphLogInfo, GraphOptions } from './types.js';

/**
 * Builds a lot graph from logs given in any order, whole or record by record, interleaved:
 *
 *   const b = new LotGraphBuilder(opts);
 *   const n = b.addLog({ logId, enterprise, name, partial });
 *   b.addRecord(n, record);          // each log's records in seq order; logs in any order
 *   const graph = b.build();
 *
 * Records are checked (validateEvent) and reduced to compact events as they arrive; links
 * between records (containers to their packs, receipts to shipments, transformations) are
 * made in `build`, when every record is there, so the graph, its findings and every query
 * are the same whatever order the logs came in.
 */
export class LotGraphBuilder {
  private readonly logs: IntakeLog[] = [];
  private readonly byHex = new Map<string, number>();
  private readonly store: EventStore;
  private readonly early: FoodFinding[] = [];
  private built = false;

  constructor(private readonly opts: GraphOptions = {}) {
    this.store = new EventStore(opts.keepBodies === true, opts.traceCodes !== false);
  }

  /**
   * Announces a log and returns its handle for `addRecord`. A log announced again (the same
   * log id) gets the first handle back; its records already added are then ignored.
   */
  addLog(info: GraphLogInfo): number {
    const hex = toHex(info.logId);
    const known = this.byHex.get(hex);
    if (known !== undefined) return known;
    const partial = info.partial === true;
    this.byHex.set(hex, this.logs.length);
    this.logs.push({ logId: info.logId, hex, enterprise: info.enterprise, name: info.name, partial, lots: new Map(), lastSeq: -1, seen: partial ? new Set() : undefined });
    return this.logs.length - 1;
  }

  /**
   * Adds one record of a log (`record.body` decoded). Records of other kinds than `food.*`
   * only count as present; a food record with a bad body is reported and left out. A record
   * whose seq is not above the last one added to its log (a repeat) is ignored.
   */
  addRecord(log: number, record: LogRecord): void {
    this.take(log, record.seq, record.kind, record.refs, record.body, undefined, 0, 0);
  }

  /**
   * `addRecord` for a record whose body is still encoded: `bytes[start, end)`, canonical CBOR
   * that the caller has already read strictly (the verifier's section walk has). Sales,
   * catering uses and disposals with a sound body, most records of a bundle, are read straight
   * into the graph's columns (fast-body.ts); anything else is decoded and checked as
   * `addRecord` does, so the graph and its findings are the same either way.
   */
  addEncoded(log: number, record: { seq: number; kind: string; refs: RecordRef[] }, bytes: Uint8Array, start: number, end: number): void {
    this.take(log, record.seq, record.kind, record.refs, undefined, bytes, start, end);
  }

  /** One record, its body decoded (`body`) or encoded (`bytes[start, end)`). */
  private take(log: number, seq: number, kind: string, refs: readonly RecordRef[], body: CborMap | undefined, bytes: Uint8Array | undefined, start: number, end: number): void {
    if (this.built) throw new Error('LotGraphBuilder: build() was already called');
    const entry = this.logs[log];
    if (entry === undefined) throw new RangeError(`LotGraphBuilder: no log with handle ${log}; call addLog first`);
    if (!(seq > entry.lastSeq)) return;
    entry.lastSeq = seq;
    entry.seen?.add(seq);
    if (!kind.startsWith('food.')) return;
    if (body === undefined) {
      // Keeping bodies needs them decoded; else the lot-line events go straight to the columns.
      const event = this.store.bodies === undefined ? readLotEvent(kind, bytes!, start, end) : undefined;
      if (event !== undefined) return this.store.addLotEvent(log, entry, kind as FoodKind, seq, event);
      body = new CborReader(bytes!, start, end, RECORD_LIMITS).readItem(1, true) as CborMap;
    }
    const b = body;
    const problems = validateEvent(kind, b);
    if (problems.length > 0) {
      for (const p of problems) this.report({ ...p, logId: entry.hex, seq });
      return;
    }
    this.store.add(log, entry, kind as FoodKind, seq, b, refs);
  }

  /** Links everything, checks the rules that span records, and returns the graph. */
  build(): LotGraph {
    if (this.built) throw new Error('LotGraphBuilder: build() was already called');
    this.built = true;
    return assemble(this.logs, this.store, this.early, this.opts);
  }

  private report(f: FoodFinding): void {
    if (this.opts.onFinding !== undefined) this.opts.onFinding(f);
    else this.early.push(f);
  }
}
