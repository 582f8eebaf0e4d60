import { LotQueries, type LotGraph, type LotNode, type TraceStart } from '@suyuan/food';
import type { BundleFinding } from '@suyuan/verify';
import { findingText, type Lang } from '../messages/findings.js';
import { label } from '../messages/labels.js';
import { bodiesOf, eachBody, type Body, type ReadRecords } from './bodies.js';
import { eventFields, KIND_WORDS, respectsInterval, type Field } from './details.js';
import { esc, QuantitySum, type TimeFormat } from './format.js';
import { renderJourney, type Status } from './journey.js';

export interface StepsInput {
  /** The lot graph of the signed records of the logs whose chain verified (verify's openVerifiedBundle). */
  graph: LotGraph;
  read: ReadRecords;
  start: TraceStart;
  findings: readonly BundleFinding[];
  lang: Lang;
  time: TimeFormat;
  /** A log's business by its enrolment, by hex log id. */
  nameOfLog(hex: string): string;
  /** A business's enrolled name by its 统一社会信用代码. */
  nameOf(uscc: string): string;
  statusOfLog(hex: string): Status;
  /** When the bundle did not verify: the word every part carries (its class is `unverified`). */
  unverified?: string;
}

/**
 * The journey of a lot, its timeline and every record behind each step, from the signed
 * records only. Bodies are read back from the bundle for the records shown; sales other than
 * the receipt's own are summed a chunk at a time, never all held.
 */
export function renderSteps(s: StepsInput): { journey: string; timeline: string; sections: string } {
  const { graph: g, lang } = s;
  const L = <K extends Parameters<typeof label>[0]>(k: K) => label(k, lang);
  const q = new LotQueries(g);
  const wanted = new Set([...q.traceBack(s.start).lots, ...q.traceForward(s.start).lots].map((l) => `${l.logId}\0${l.lot}`));
  const hexOf = (n: LotNode) => g.logs[n.log]!.hex;
  const seqOf = (id: number) => g.recordOf(id).seq;
  const nodes = g.nodes.filter((n) => wanted.has(`${hexOf(n)}\0${n.lot}`));
  const ownSales = new Set('traceCode' in s.start ? g.traceCodeEvents(s.start.traceCode) : []);
  const isOtherSale = (e: number) => g.kindOf(e) === 'food.sale' && !ownSales.has(e);

  const bodies = bodiesOf(g, s.read, nodes.flatMap((n) => n.events.filter((e) => !isOtherSale(e))));
  // Input uses on the field a lot was harvested from, before the harvest (those naming the lot are among its events).
  const fieldUses = new Map<number, number[]>();
  for (const n of nodes) {
    const own = new Set(n.events);
    const uses = new Set<number>();
    for (const h of n.events) {
      if (g.kindOf(h) !== 'food.harvest') continue;
      const field = bodies.get(h)?.origin?.field;
      const fid = typeof field === 'string' ? g.fieldId(field) : undefined;
      for (const u of fid === undefined ? [] : g.fieldInputs.get(g.fieldKey(n.log, fid)) ?? []) if (!own.has(u) && seqOf(u) < seqOf(h)) uses.add(u);
    }
    fieldUses.set(n.id, [...uses]);
  }
  for (const [id, b] of bodiesOf(g, s.read, [...new Set([...fieldUses.values()].flat())].filter((u) => !bodies.has(u)))) bodies.set(id, b);
  const body = (id: number): Body => bodies.get(id) ?? {};

  const mark = s.unverified === undefined ? '' : ' unverified';
  const markWord = s.unverified === undefined ? '' : ` <mark class="unverified-word">${esc(s.unverified)}</mark>`;
  const foodFindings = (hex: string, seq: number) => s.findings.filter((x) => x.layer === 'food' && x.logId === hex && x.seq === seq);
  const statusOfNode = (n: LotNode): Status => {
    const own = s.statusOfLog(hexOf(n));
    const food = n.events.flatMap((e) => foodFindings(hexOf(n), seqOf(e)));
    if (own === 'invalid' || food.some((x) => x.severity === 'error')) return 'invalid';
    return own === 'warning' || food.length > 0 ? 'warning' : 'verified';
  };
  const productOf = (n: LotNode): string => {
    for (const id of n.events) {
      const b = body(id);
      const line = [b, ...(['items', 'inputs', 'outputs', 'contents'] as const).flatMap((k) => (Array.isArray(b[k]) ? b[k] as Body[] : []))].find((l) => l.lot === n.lot && l.product);
      if (line) return String(line.product.description);
    }
    return '';
  };
  const nameOfNode = (n: LotNode) => s.nameOfLog(hexOf(n));
  const kindWord = (kind: string) => KIND_WORDS[kind]?.[lang === 'zh' ? 0 : 1] ?? kind;

  const dl = (fields: Field[]) => `<dl>${fields.map(([k, val, cls]) => `<dt>${esc(k)}</dt><dd${cls ? ` class="${cls}"` : ''}>${esc(val)}</dd>`).join('')}</dl>`;
  const findingNote = (hex: string, seq: number) => foodFindings(hex, seq).map((x) => `<p class="finding-note ${x.severity}">${esc(findingText(x.code, lang).title)}: ${esc(findingText(x.code, lang).explain)}</p>`).join('');
  const card = (hex: string, seq: number, kind: string, fields: Field[], extraCls = '', marks = '') =>
    `<article class="record${extraCls}${mark}" data-kind="${esc(kind)}"><h4>${esc(kindWord(kind))} <small>${esc(L('record'))} #${seq}</small>${marks}${markWord}</h4>${dl(fields)}${findingNote(hex, seq)}</article>`;

  type TimelineEntry = { ms: number; time: string; who: string; what: string; lot: string };
  const timeline: TimelineEntry[] = [];
  const ctx = { lang, time: s.time, nameOf: s.nameOf };
  const sections = nodes.map((n) => {
    const hex = hexOf(n);
    const harvestId = n.events.find((e) => g.kindOf(e) === 'food.harvest');
    const harvest = harvestId === undefined ? undefined : body(harvestId);
    const cards: string[] = [];
    const uses = [...fieldUses.get(n.id)!, ...n.events.filter((e) => g.kindOf(e) === 'food.input-use')].sort((a, b) => seqOf(a) - seqOf(b));
    for (const u of uses) {
      const b = body(u);
      const respected = harvest && b.safetyIntervalDays !== undefined ? respectsInterval(b.eventTime, harvest.eventTime, b.safetyIntervalDays) : undefined;
      cards.push(card(hex, seqOf(u), 'food.input-use', eventFields('food.input-use', b, { ...ctx, intervalRespected: respected })));
      timeline.push({ ms: Date.parse(b.eventTime), time: s.time.format(b.eventTime), who: nameOfNode(n), what: kindWord('food.input-use'), lot: n.lot });
    }
    for (const id of n.events) {
      const kind = g.kindOf(id);
      if (kind === 'food.input-use' || isOtherSale(id)) continue;
      const b = body(id);
      const own = ownSales.has(id);
      const voided = g.voided(id);
      const marks = `${own ? ` <mark>${esc(L('thisSale'))}</mark>` : ''}${voided ? ` <mark>${esc(L('voided'))}</mark>` : ''}`;
      cards.push(card(hex, seqOf(id), kind, eventFields(kind, b, ctx), `${own ? ' own-sale' : ''}${voided ? ' voided' : ''}`, marks));
      timeline.push({ ms: g.event(id).time, time: s.time.format(b.eventTime), who: nameOfNode(n), what: kindWord(kind), lot: n.lot });
    }
    const others = new QuantitySum();
    eachBody(g, s.read, n.events.filter(isOtherSale), (_id, b) => { if (b.quantity) others.add(b.quantity); });
    if (others.count > 0) cards.push(`<p class="other-sales${mark}">${esc(L('otherSales')(others.count, others.words(lang)))}${markWord}</p>`);
    const st = statusOfNode(n);
    return `<section id="lot-${n.id}" class="lot-records${mark}"><h3><span class="dot ${st}"></span>${esc(nameOfNode(n))} — ${esc(L('lot'))} ${esc(n.lot)} <small>${esc(productOf(n))}</small>${markWord}</h3><div class="records">${cards.join('')}</div></section>`;
  });
  timeline.sort((a, b) => a.ms - b.ms);

  return {
    journey: renderJourney({ nodes, graph: g, name: nameOfNode, product: productOf, status: statusOfNode, fromWord: L('from'), stepWord: L('step'), ...(s.unverified !== undefined ? { unverified: s.unverified } : {}) }),
    timeline: `<ol id="timeline">${timeline.map((t) => `<li class="event${mark}"><time>${esc(t.time)}</time><span>${esc(t.who)}</span><span>${esc(t.what)}</span><span>${esc(t.lot)}${markWord}</span></li>`).join('')}</ol>`,
    sections: sections.join('\n'),
  };
}
