import { toHex } from '@suyuan/core';
import { LotQueries, type GraphEvent, type GraphLog, type LotGraph, type LotNode, type TraceStart } from '@suyuan/food';
import type { BundleReport } from '@suyuan/verify';
import { findingText, type Lang } from '../messages/findings.js';
import { label } from '../messages/labels.js';
import { eventFields, KIND_WORDS, respectsInterval, type Field } from './details.js';
import { esc, totalWords, type Quantity, type TimeFormat } from './format.js';
import { renderJourney, type Status } from './journey.js';
import { STYLE } from './style.js';

type Body = Record<string, any>; // decoded event bodies

export interface PageInput {
  path: string;
  verdict: BundleReport;
  logs: GraphLog[];
  graph: LotGraph;
  start?: TraceStart;
  startText?: string;
  lang: Lang;
  time: TimeFormat;
}

export function renderPage(p: PageInput): string {
  const { verdict: v, graph, lang } = p;
  const L = <K extends Parameters<typeof label>[0]>(k: K) => label(k, lang);
  // Names only from the authority's enrolment: a business's own genesis name is never shown as verified.
  const nameByLog = new Map(v.logs.map((l) => [l.logId, l.enrolment?.name ?? (l.authority ? `${L('authority')} ${l.enterprise ?? ''}` : `${l.enterprise ?? l.logId.slice(0, 12)} (${L('notEnrolled')})`)]));
  const nameByUscc = new Map(v.logs.filter((l) => l.enrolment).map((l) => [l.enterprise ?? '', l.enrolment!.name]));
  const nameOf = (uscc: string) => nameByUscc.get(uscc) ?? uscc;
  const statusOfLog = (hex: string): Status => {
    const fs = v.findings.filter((x) => x.logId === hex && x.layer !== 'food');
    return fs.some((x) => x.severity === 'error') ? 'invalid' : fs.length > 0 ? 'warning' : 'verified';
  };
  const q = new LotQueries(graph);
  const nodes: LotNode[] = [];
  if (p.start !== undefined) {
    const ids = new Set([...q.traceBack(p.start).lots, ...q.traceForward(p.start).lots].map((l) => `${l.logId}\0${l.lot}`));
    for (const n of graph.nodes) if (ids.has(`${graph.logs[n.log]!.hex}\0${n.lot}`)) nodes.push(n);
  }
  const hexOf = (n: LotNode) => graph.logs[n.log]!.hex;
  const foodFindings = (hex: string, seq: number) => v.findings.filter((x) => x.layer === 'food' && x.logId === hex && x.seq === seq);
  const statusOfNode = (n: LotNode): Status => {
    const own = statusOfLog(hexOf(n));
    const food = n.events.flatMap((e) => foodFindings(hexOf(n), graph.event(e).seq));
    if (own === 'invalid' || food.some((x) => x.severity === 'error')) return 'invalid';
    return own === 'warning' || food.length > 0 ? 'warning' : 'verified';
  };
  const bodyOf = (e: GraphEvent) => (e.body ?? {}) as Body;
  const productOf = (n: LotNode): string => {
    for (const id of n.events) {
      const b = bodyOf(graph.event(id));
      const line = [b, ...(['items', 'inputs', 'outputs', 'contents'] as const).flatMap((k) => (Array.isArray(b[k]) ? b[k] as Body[] : []))].find((l) => l.lot === n.lot && l.product);
      if (line) return String(line.product.description);
    }
    return '';
  };
  const nameOfNode = (n: LotNode) => nameByLog.get(hexOf(n)) ?? hexOf(n).slice(0, 12);
  const ownCode = p.start !== undefined && 'traceCode' in p.start ? p.start.traceCode : undefined;

  // Input uses name a field or lot, not always the lot: find them beside each harvest in its log.
  const inputUses = (n: LotNode, harvest: Body | undefined): { seq: number; body: Body }[] => {
    const log = p.logs.find((l) => toHex(l.logId) === hexOf(n));
    if (log === undefined) return [];
    return log.records.filter((r) => r.kind === 'food.input-use').map((r) => ({ seq: r.seq, body: r.body as Body }))
      .filter(({ body }) => body.target?.lot === n.lot || (harvest !== undefined && body.target?.field !== undefined && body.target.field === harvest.origin?.field));
  };

  const dl = (fields: Field[]) => `<dl>${fields.map(([k, val, cls]) => `<dt>${esc(k)}</dt><dd${cls ? ` class="${cls}"` : ''}>${esc(val)}</dd>`).join('')}</dl>`;
  const findingNote = (hex: string, seq: number) => foodFindings(hex, seq).map((x) => `<p class="finding-note ${x.severity}">${esc(findingText(x.code, lang).title)}: ${esc(findingText(x.code, lang).explain)}</p>`).join('');
  const card = (hex: string, seq: number, kind: string, fields: Field[], extraCls = '') =>
    `<article class="record${extraCls}" data-kind="${esc(kind)}"><h4>${esc(KIND_WORDS[kind]?.[lang === 'zh' ? 0 : 1] ?? kind)} <small>${esc(L('record'))} #${seq}</small></h4>${dl(fields)}${findingNote(hex, seq)}</article>`;

  type TimelineEntry = { ms: number; time: string; who: string; what: string; lot: string };
  const timeline: TimelineEntry[] = [];
  const sections = nodes.map((n) => {
    const hex = hexOf(n);
    const events = n.events.map((id) => graph.event(id));
    const harvest = events.map(bodyOf).find((b, i) => events[i]!.kind === 'food.harvest');
    const ctx = { lang, time: p.time, nameOf };
    const cards: string[] = [];
    for (const u of inputUses(n, harvest)) {
      const respected = harvest && u.body.safetyIntervalDays !== undefined ? respectsInterval(u.body.eventTime, harvest.eventTime, u.body.safetyIntervalDays) : undefined;
      cards.push(card(hex, u.seq, 'food.input-use', eventFields('food.input-use', u.body, { ...ctx, intervalRespected: respected })));
      timeline.push({ ms: Date.parse(u.body.eventTime), time: p.time.format(u.body.eventTime), who: nameOfNode(n), what: KIND_WORDS['food.input-use']![lang === 'zh' ? 0 : 1], lot: n.lot });
    }
    const others: Quantity[] = [];
    for (const e of events) {
      const b = bodyOf(e);
      const own = e.kind === 'food.sale' && ownCode !== undefined && b.traceCode === ownCode;
      if (e.kind === 'food.sale' && !own) { if (b.quantity) others.push(b.quantity as Quantity); continue; }
      cards.push(card(hex, e.seq, e.kind, eventFields(e.kind, b, ctx), `${own ? ' own-sale' : ''}${e.voided ? ' voided' : ''}`).replace('</h4>', `${own ? ` <mark>${esc(L('thisSale'))}</mark>` : ''}${e.voided ? ` <mark>${esc(L('voided'))}</mark>` : ''}</h4>`));
      timeline.push({ ms: e.time, time: p.time.format(b.eventTime), who: nameOfNode(n), what: KIND_WORDS[e.kind]?.[lang === 'zh' ? 0 : 1] ?? e.kind, lot: n.lot });
    }
    if (others.length > 0) cards.push(`<p class="other-sales">${esc(L('otherSales')(others.length, totalWords(others, lang)))}</p>`);
    const s = statusOfNode(n);
    return `<section id="lot-${n.id}" class="lot-records"><h3><span class="dot ${s}"></span>${esc(nameOfNode(n))} — ${esc(L('lot'))} ${esc(n.lot)} <small>${esc(productOf(n))}</small></h3><div class="records">${cards.join('')}</div></section>`;
  });
  timeline.sort((a, b) => a.ms - b.ms);

  const findings = v.findings.map((x) => {
    const t = findingText(x.code, lang);
    const who = x.logId ? nameByLog.get(x.logId) ?? x.logId.slice(0, 12) : '';
    return `<li class="finding ${x.severity}"><h4><span class="sev">${esc(L('severity')[x.severity] ?? x.severity)}</span> ${esc(t.title)} <code>${esc(x.code)}</code></h4><p class="explain">${esc(t.explain)}</p><p class="where">${esc(L('where'))}: ${esc(who)}${x.seq !== undefined ? ` · ${esc(L('record'))} #${x.seq}` : ''}</p><p class="raw">${esc(x.message)}</p></li>`;
  }).join('');
  const logRows = v.logs.map((l) => `<tr><td><span class="dot ${statusOfLog(l.logId)}"></span>${esc(nameByLog.get(l.logId))}</td><td>${esc(l.enterprise ?? '')}</td><td>${l.authority ? esc(L('authority')) : esc(l.enrolment?.roles.join(', ') ?? L('notEnrolled'))}</td><td>${l.records}</td><td>${l.mode === 'excerpt' ? esc(L('proven')) : esc(L('signedN')(l.signedSize))}</td></tr>`).join('');
  const verdictClass = v.verdict === 'valid' ? 'verified' : v.verdict === 'invalid' ? 'invalid' : 'warning';
  const layers = Object.entries(v.layers).map(([k, s]) => `${L('layers')[k] ?? k}: ${L('layerState')[s] ?? s}`).join(' · ');
  const journey = p.start === undefined ? `<p>${esc(L('noJourney'))}</p>` : renderJourney({ nodes, graph, name: nameOfNode, product: productOf, status: statusOfNode, fromWord: L('from'), stepWord: L('step') });
  const legend = (['verified', 'warning', 'invalid'] as const).map((s) => `<span><span class="dot ${s}"></span>${esc(L('legend')[s])}</span>`).join('');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(L('title'))} — ${esc(p.path)}</title>
<style>${STYLE}</style></head><body>
<h1>${esc(L('title'))}</h1>
<p class="meta">${esc(p.path)} · ${esc(L('logsRecords')(v.stats.sections, v.stats.records))} · ${esc(L('verifiedAt'))} ${esc(p.time.format(new Date().toISOString()))}</p>
<div id="verdict" class="${verdictClass}" data-verdict="${v.verdict}">${esc(L('verdict')[v.verdict])} — ${esc(layers)}</div>
<h2>${esc(L('findings'))} (${v.findings.length})</h2>${v.findings.length === 0 ? `<p id="no-findings">${esc(L('noFindings'))}</p>` : `<ol id="findings">${findings}</ol>`}
<h2>${esc(p.startText ? L('journeyOf')(p.startText) : L('journey'))}</h2>
<p class="legend">${legend}</p>
${journey}
<h2>${esc(L('timeline'))}</h2>
<ol id="timeline">${timeline.map((t) => `<li><time>${esc(t.time)}</time><span>${esc(t.who)}</span><span>${esc(t.what)}</span><span>${esc(t.lot)}</span></li>`).join('')}</ol>
<h2>${esc(L('details'))}</h2>
${sections.join('\n')}
<h2>${esc(L('businesses'))}</h2><table id="logs"><thead><tr><th>${esc(L('business'))}</th><th>${esc(L('uscc'))}</th><th>${esc(L('enrolledAs'))}</th><th>${esc(L('records'))}</th><th>${esc(L('signed'))}</th></tr></thead><tbody>${logRows}</tbody></table>
</body></html>
`;
}

