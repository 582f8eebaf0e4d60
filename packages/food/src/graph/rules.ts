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

/** Lots that are their own ancestors: impossible in a real chain, so a sign of bad records. */
function findCycles({ graph: g, report }: Context): void {
  const state = new Uint8Array(g.nodes.length); // 0 new, 1 on the stack, 2 done
  for (const root of g.nodes) {
    if (state[root.id] !== 0) continue;
    const stack: [number, number][] = [[root.id, 0]];
    state[root.id] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const node = g.nodes[top[0]]!;
      if (top[1] < node.upstream.length) {
        const next = node.upstream[top[1]++]!;
        if (state[next] === 1) {
          const n = g.nodes[next]!;
          report('FOOD_CYCLE', 'error', `lot ${n.lot} at ${g.logs[n.log]!.enterprise} is upstream of itself`, undefined, { logId: g.logs[n.log]!.hex });
        } else if (state[next] === 0) {
          state[next] = 1;
          stack.push([next, 0]);
        }
      } else {
        state[top[0]] = 2;
        stack.pop();
      }
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
