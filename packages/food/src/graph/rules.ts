import type { Context } from './assemble.js';
import type { LotGraph } from './graph.js';
import { balance, describeAmount, inflow, outflow } from './ledger.js';
import type { LotNode } from './types.js';

/**
 * The rules over the linked graph: stage order, mass balance, cycles. Stage order and mass
 * balance conclude from what is missing (nothing came in, too little came in), so they are
 * not applied to excerpts (`partial` logs), where a missing record proves nothing.
 */
export function checkRules(ctx: Context): void {
  checkStageOrder(ctx);
  checkBalances(ctx);
  findCycles(ctx);
}

/** Nothing leaves a business (shipped, used, sold, served, disposed, packed) before it came in, by log order. */
function checkStageOrder({ graph: g, report, blind }: Context): void {
  for (const node of g.nodes) {
    if (g.logs[node.log]!.partial) continue;
    let firstIn = Infinity;
    for (const s of node.sources) firstIn = Math.min(firstIn, g.ev.seq[s]!);
    if (firstIn === Infinity && blind.has(node.id)) continue; // it may have come in a container that cannot be opened: a gap
    for (const id of node.events) {
      if (!isOutflow(g, id, node) || g.ev.seq[id]! >= firstIn) continue;
      report('FOOD_STAGE_ORDER', 'error', `${g.kindOf(id)} of lot ${node.lot} ${firstIn !== Infinity ? 'before it was received or produced here' : 'which was never received or produced here'}`, id);
    }
  }
}

/** received − shipped − used − sold − disposed ≥ 0 for every lot at every business. */
function checkBalances({ graph: g, report }: Context): void {
  for (const node of g.nodes) {
    const l = node.ledger;
    if (node.events.length === 0) continue;
    if (l.mixed) {
      report('FOOD_UNIT_MISMATCH', 'warning', `lot ${node.lot} is counted in units of different dimensions here; its balance cannot be checked`, node.events[0]);
      continue;
    }
    if (g.logs[node.log]!.partial) continue;
    if (balance(l) < 0n && node.sources.length > 0) {
      const evidence = node.events.map((id) => g.recordOf(id));
      report('FOOD_OVERDRAWN', 'error', `lot ${node.lot}: ${describeAmount(l, outflow(l))} went out but only ${describeAmount(l, inflow(l))} came in (a counterfeit signal)`, node.events[node.events.length - 1], { evidence });
    }
  }
}

/**
 * Lots that are their own ancestors: impossible in a real chain, so a sign of bad records.
 * One finding per strongly connected set of lots (two or more lots, or one with an edge to
 * itself), at its smallest lot (by log id, then lot code), so the count and the place do not
 * depend on the order of a search (Tarjan's algorithm, iterative: chains can be long).
 */
function findCycles({ graph: g, report }: Context): void {
  const n = g.nodes.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const calls: [node: number, edge: number][] = [];
  let next = 0;
  const smaller = (a: number, b: number) => {
    const x = g.nodes[a]!;
    const y = g.nodes[b]!;
    return x.log !== y.log ? x.log < y.log : x.lot < y.lot; // logs are numbered in log id order
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    calls.push([root, 0]);
    while (calls.length > 0) {
      const top = calls[calls.length - 1]!;
      const v = top[0];
      const up = g.nodes[v]!.upstream;
      if (top[1] < up.length) {
        const w = up[top[1]++]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          calls.push([w, 0]);
        } else if (onStack[w] === 1) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      calls.pop();
      if (calls.length > 0) {
        const parent = calls[calls.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      // v is the root of a strongly connected set: pop it.
      let anchor = v;
      let size = 0;
      for (;;) {
        const w = stack.pop()!;
        onStack[w] = 0;
        size++;
        if (smaller(w, anchor)) anchor = w;
        if (w === v) break;
      }
      if (size === 1 && !g.nodes[v]!.upstream.includes(v)) continue;
      const a = g.nodes[anchor]!;
      const through = size === 1 ? '' : ` (a cycle through ${size} lots)`;
      report('FOOD_CYCLE', 'error', `lot ${a.lot} at ${g.logs[a.log]!.enterprise} is upstream of itself${through}`, undefined, { logId: g.logs[a.log]!.hex });
    }
  }
}

/** Whether an event takes the lot out of (or away at) this business. */
export function isOutflow(g: LotGraph, id: number, node: LotNode): boolean {
  switch (g.kindOf(id)) {
    case 'food.ship': case 'food.sale': case 'food.catering-use': case 'food.disposal': case 'food.pack':
      return true;
    case 'food.transform':
      return !node.sources.includes(id);
    default:
      return false;
  }
}
