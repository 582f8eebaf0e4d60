import { toHex, type LogRecord } from '@suyuan/core';
import { validateEvent, type FoodKind } from '../events.js';
import type { FoodFinding } from '../findings.js';
import { assemble } from './assemble.js';
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
    if (this.built) throw new Error('LotGraphBuilder: build() was already called');
    const entry = this.logs[log];
    if (entry === undefined) throw new RangeError(`LotGraphBuilder: no log with handle ${log}; call addLog first`);
    if (!(record.seq > entry.lastSeq)) return;
    entry.lastSeq = record.seq;
    entry.seen?.add(record.seq);
    if (!record.kind.startsWith('food.')) return;
    const problems = validateEvent(record.kind, record.body);
    if (problems.length > 0) {
      for (const p of problems) this.report({ ...p, logId: entry.hex, seq: record.seq });
      return;
    }
    this.store.add(log, entry, record.kind as FoodKind, record.seq, record.body, record.refs);
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
