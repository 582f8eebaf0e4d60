import { Column } from './columns.js';
import type { LotGraph } from './graph.js';
import { KIND_INDEX } from './intake.js';

/** Rows of event ids, one row per lot: row `n` is `items[start[n]] … items[start[n + 1] - 1]`. */
export interface Rows {
  start: Int32Array;
  items: Int32Array;
}

const kind = (name: string) => KIND_INDEX.get(name)!;
const TEST = kind('food.test');
const HARVEST = kind('food.harvest');
const INPUT_USE = kind('food.input-use');
const CERTIFICATE = kind('food.certificate');
const SHIP = kind('food.ship');

/**
 * Per lot, the few of its events that trace queries list, in the lot's event order: its tests;
 * what an origin shows (harvests, input uses, tests, certificates); its shipments that no receipt
 * in the graph answers. A farm lot sold kilo by kilo has a thousand events and one or two of
 * these, so a query reads what it answers, not every sale of every lot it passes. Made once per
 * graph (a graph does not change after `build`): one pass over the lots' events, two typed
 * arrays a list, nothing per event.
 */
export class LotSummaries {
  readonly tests: Rows;
  readonly origin: Rows;
  readonly unreceived: Rows;

  constructor(g: LotGraph) {
    const n = g.nodes.length;
    const lists = { tests: new Column(Int32Array), origin: new Column(Int32Array), unreceived: new Column(Int32Array) };
    const starts = { tests: new Int32Array(n + 1), origin: new Int32Array(n + 1), unreceived: new Int32Array(n + 1) };
    const kinds = g.ev.kind;
    for (let node = 0; node < n; node++) {
      for (const id of g.nodes[node]!.events) {
        const k = kinds[id]!;
        if (k === TEST) lists.tests.push(id);
        if (k === TEST || k === HARVEST || k === INPUT_USE || k === CERTIFICATE) lists.origin.push(id);
        else if (k === SHIP && !g.receipts.has(id)) lists.unreceived.push(id);
      }
      starts.tests[node + 1] = lists.tests.length;
      starts.origin[node + 1] = lists.origin.length;
      starts.unreceived[node + 1] = lists.unreceived.length;
    }
    this.tests = { start: starts.tests, items: lists.tests.take() };
    this.origin = { start: starts.origin, items: lists.origin.take() };
    this.unreceived = { start: starts.unreceived, items: lists.unreceived.take() };
  }
}

/** The event ids of one lot's row. */
export function row(rows: Rows, node: number): Int32Array {
  return rows.items.subarray(rows.start[node]!, rows.start[node + 1]!);
}
