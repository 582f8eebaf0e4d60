/** Puts a journey (or a state without one) on the page. Text only through textContent: no markup from data. */
import type { Journey, Problem, Stop, Step } from './journey.js';
import { factWord, findingWords, kindWord, roleWord, t, timeWords, valueWord, type Lang } from './words.js';

type Child = Node | string | undefined | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

/** The banner's look: only a verified trace is green. */
const TONE = { verified: 'ok', warning: 'warn', incomplete: 'bad', recalled: 'bad', failed: 'bad', unknown: 'bad' } as const;

export type PageState =
  | { kind: 'journey'; journey: Journey; trust: string[] }
  | { kind: 'unknown'; code: string; why: 'code' | 'lot' | 'product' }
  | { kind: 'down'; code: string; detail: string };

function banner(tone: 'ok' | 'warn' | 'bad', state: string, title: string, ...lines: Child[]): HTMLElement {
  return h('section', { id: 'verdict', class: tone, 'data-state': state, role: 'status' }, h('h1', {}, tone === 'ok' ? '✓ ' : tone === 'warn' ? '! ' : '✗ ', title), ...lines);
}

function problemText(p: Problem, lang: Lang): string {
  switch (p.kind) {
    case 'finding': return `${findingWords(p.code, lang)}${p.business ? ` · ${p.business}` : ''}`;
    case 'recall': return t('recall', lang, { who: p.business, t: timeWords(p.time, lang), lot: p.lot, reason: p.reason, action: valueWord(p.action, lang) });
    case 'gap': return t('gap', lang, { n: p.missing });
    case 'unsigned': return t('unsigned', lang, { n: p.records });
  }
}

function qty(q: { value: string; unit: string }, lang: Lang) {
  return `${q.value} ${valueWord(q.unit, lang)}`;
}

function step(s: Step, lang: Lang): HTMLElement {
  const facts: [string, string, string?][] = [];
  if (s.product) facts.push([lang === 'zh' ? '产品' : 'product', s.product]);
  if (s.lot) facts.push([factWord('lot', lang), s.lot]);
  if (s.quantity) facts.push([factWord('quantity', lang), qty(s.quantity, lang)]);
  for (const [k, v] of s.facts) facts.push([factWord(k, lang), valueWord(v, lang), k === 'result' ? (v === 'pass' ? 'good' : 'poor') : undefined]);
  if (s.place) facts.push([t('at', lang), s.place]);
  return h('li', { class: `step${s.own ? ' own' : ''}${s.voided ? ' voided' : ''}`, 'data-kind': s.kind },
    h('h3', {}, kindWord(s.kind, lang), s.own && h('mark', {}, t('thisSale', lang)), s.voided && h('mark', {}, t('voided', lang))),
    h('time', {}, timeWords(s.time, lang)),
    h('dl', {}, ...facts.flatMap(([k, v, cls]) => [h('dt', {}, k), h('dd', cls ? { class: cls } : {}, v)])));
}

function stop(s: Stop, lang: Lang): HTMLElement {
  return h('li', { class: 'stop', 'data-log': s.logId },
    h('h2', {}, s.name ?? `${s.enterprise} (${t('notEnrolled', lang)})`),
    h('p', { class: 'who' }, [s.roles.map((r) => roleWord(r, lang)).join('、'), s.enterprise].filter(Boolean).join(' · ')),
    h('p', { class: s.witnessed?.byThisHub ? 'witness yes' : 'witness no' }, s.witnessed?.byThisHub ? `${t('witnessed', lang)} · ${timeWords(s.witnessed.time, lang)}` : t('notWitnessed', lang)),
    h('ol', { class: 'steps' }, ...s.steps.map((x) => step(x, lang))));
}

export function render(root: HTMLElement, st: PageState, lang: Lang): void {
  const parts: Child[] = [];
  if (st.kind === 'unknown') {
    parts.push(banner('bad', 'unknown', t(st.why === 'lot' ? 'unknownLot' : 'unknown', lang), h('p', {}, t(st.why === 'lot' ? 'lotCode' : st.why === 'product' ? 'productCode' : 'unknownWhy', lang))));
  } else if (st.kind === 'down') {
    parts.push(banner('bad', 'down', t('down', lang), h('p', {}, t('downWhy', lang)), h('p', { class: 'detail' }, st.detail)));
  } else {
    const j = st.journey;
    const state = j.state === 'unknown' ? 'unknown' : j.state;
    const checked = h('p', { class: 'checked' },
      t('checkedSigs', lang, { n: j.checked.businesses }), lang === 'zh' ? '，' : ', ',
      j.checked.witnessedAt !== undefined ? t('checkedHub', lang, { t: timeWords(j.checked.witnessedAt, lang) }) : t('notWitnessed', lang),
      lang === 'zh' ? '，' : ', ', t('checkedKeys', lang, { k: st.trust.map((k) => k.slice(0, 8).toUpperCase()).join(', ') }), lang === 'zh' ? '。' : '.');
    const reasons = j.problems.length > 0 && h('ul', { id: 'reasons', 'aria-label': t('reasons', lang) },
      ...j.problems.map((p) => h('li', { class: p.kind === 'finding' ? p.severity : 'error', 'data-code': p.kind === 'finding' ? p.code : p.kind }, problemText(p, lang), p.kind === 'finding' && h('code', {}, ` ${p.code}`))));
    // A lot's journey says which lot it is of (the code itself does not name a business).
    const lot = j.lot && h('p', { class: 'lot' }, t('lotOf', lang, { lot: j.lot.lot, gtin: j.lot.gtin }));
    const title = state === 'unknown' ? t(j.lot ? 'unknownLot' : 'unknown', lang) : t(state, lang);
    const unknownWhy = state === 'unknown' && h('p', {}, t(j.lot ? 'lotCode' : 'unknownWhy', lang));
    parts.push(banner(TONE[state], state, title, lot, unknownWhy, reasons, j.state === 'failed' || state === 'unknown' ? undefined : checked));
    if (j.stops.length > 0) parts.push(h('h2', { class: 'journey-title' }, t('journey', lang)), h('ol', { id: 'journey' }, ...j.stops.map((s) => stop(s, lang))));
  }
  root.replaceChildren(...parts.filter((p): p is Node | string => p !== undefined && p !== false));
}
