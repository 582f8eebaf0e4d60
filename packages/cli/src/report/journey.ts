import type { LotGraph, LotNode } from '@suyuan/food';
import { esc } from './format.js';

export type Status = 'verified' | 'warning' | 'invalid';

export interface JourneyView {
  nodes: LotNode[];
  graph: LotGraph;
  name(n: LotNode): string;
  product(n: LotNode): string;
  status(n: LotNode): Status;
  fromWord: string;
  stepWord: string;
  /** When the bundle did not verify: the word each lot carries (its class is `unverified`). */
  unverified?: string;
}

/** Steps by distance from the origins, so the journey reads from the farm onwards. */
export function depths(nodes: LotNode[], graph: LotGraph): Map<number, number> {
  const inSet = new Set(nodes.map((n) => n.id));
  const depth = new Map<number, number>();
  const visit = (n: LotNode, seen: Set<number>): number => {
    const known = depth.get(n.id);
    if (known !== undefined) return known;
    if (seen.has(n.id)) return 0; // a cycle: stop
    seen.add(n.id);
    const d = Math.max(-1, ...n.upstream.filter((u) => inSet.has(u)).map((u) => visit(graph.nodes[u]!, seen))) + 1;
    depth.set(n.id, d);
    return d;
  };
  for (const n of nodes) visit(n, new Set());
  return depth;
}

/**
 * The journey as an ordered list of steps that wraps: columns side by side on wide screens and
 * pages, one under the other on a phone. Each lot names the lots it came from, so nothing has
 * to be drawn across boxes (no edge can run under a box at any width).
 */
export function renderJourney(v: JourneyView): string {
  const depth = depths(v.nodes, v.graph);
  const stages = new Map<number, LotNode[]>();
  for (const n of v.nodes) stages.set(depth.get(n.id)!, [...(stages.get(depth.get(n.id)!) ?? []), n]);
  const byId = new Map(v.nodes.map((n) => [n.id, n]));
  const items = [...stages.keys()].sort((a, b) => a - b).map((d) => {
    const cards = stages.get(d)!.map((n) => {
      const from = n.upstream.filter((u) => byId.has(u)).map((u) => `<li class="edge">← ${esc(v.name(byId.get(u)!))} · ${esc(byId.get(u)!.lot)}</li>`).join('');
      const s = v.status(n);
      const mark = v.unverified === undefined ? '' : ' unverified';
      const word = v.unverified === undefined ? '' : `<span class="unverified-word">${esc(v.unverified)}</span>`;
      return `<div class="node ${s}${mark}" data-status="${s}"><a href="#lot-${n.id}">${word}<span class="biz">${esc(v.name(n))}</span><span class="lot">${esc(n.lot)}</span><span class="product">${esc(v.product(n))}</span></a>${from ? `<ul class="from" aria-label="${esc(v.fromWord)}">${from}</ul>` : ''}</div>`;
    }).join('');
    return `<li class="stage"><span class="stage-no">${esc(v.stepWord)} ${d + 1}</span>${cards}</li>`;
  });
  return `<ol id="journey">${items.join('')}</ol>`;
}
