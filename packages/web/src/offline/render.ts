/** The result as the page shows it: built with textContent only (a bundle's text is never markup). */
import { findingText, layerWords, roleWords, severityWords } from '@suyuan/verify/messages';
import type { BundleReport } from '@suyuan/verify/portable';
import type { VerifyOutcome } from '../verifier/client.js';
import { WORDS, type Lang } from './i18n.js';

/** `suyuan verify`'s exit code for the same outcome (CONTRACTS: 0 valid or with warnings, 1 invalid, 3 unsigned, 2 not a bundle). */
export function exitCodeOf(o: VerifyOutcome): number {
  if (o.type !== 'report') return 2;
  return o.report.verdict === 'invalid' ? 1 : o.report.verdict === 'unsigned' ? 3 : 0;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string | undefined, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const c of children) e.append(c);
  return e;
}

const byId = (id: string) => document.getElementById(id)!;

export function renderOutcome(o: VerifyOutcome, lang: Lang): void {
  const state = o.type === 'report' ? o.report.verdict : o.type;
  const verdict = byId('verdict');
  verdict.className = `verdict ${state}`;
  verdict.dataset.verdict = state;
  verdict.dataset.exit = String(exitCodeOf(o));
  byId('verdict-word').textContent = WORDS[state][lang];
  byId('verdict-note').textContent = o.type === 'report' ? WORDS.verdictNote[lang][o.report.verdict] : `${o.code}: ${o.message}`;
  byId('verdict-exit').textContent = o.type === 'failed' ? '' : WORDS.exitCode[lang](exitCodeOf(o));
  byId('verdict-stats').textContent = o.type === 'report' ? WORDS.summary[lang](o.report.stats.sections, o.report.stats.records, Math.round(o.report.stats.seconds * 1000)) : '';
  const findings = byId('findings');
  const logs = byId('logs');
  findings.replaceChildren();
  logs.replaceChildren();
  if (o.type !== 'report') return;
  renderFindings(o.report, lang, findings);
  for (const l of o.report.logs) {
    const who = l.authority ? WORDS.authority[lang] : l.enrolment ? `${l.enrolment.name || l.enrolment.enterprise} · ${l.enrolment.roles.map((r) => roleWords(r, lang)).join(lang === 'zh' ? '、' : ', ')}` : WORDS.notEnrolled[lang];
    const signed = l.mode === 'excerpt' ? WORDS.excerpt[lang](l.records) : WORDS.full[lang](l.signedSize, l.records);
    const li = el('li', 'log', el('strong', undefined, who), el('div', 'where', `${l.enterprise ?? '?'} · ${signed}`), el('div', 'where code', l.logId));
    li.dataset.logId = l.logId;
    logs.append(li);
  }
}

function renderFindings(r: BundleReport, lang: Lang, into: HTMLElement): void {
  if (r.findings.length === 0) into.append(el('li', 'none', WORDS.none[lang]));
  const w = WORDS.where[lang];
  for (const f of r.findings) {
    const where = [f.logId && `${w.log} ${f.logId.slice(0, 12)}…`, f.seq !== undefined && `${w.seq} ${f.seq}`, f.offset !== undefined && `${w.offset} ${f.offset}`].filter(Boolean).join(' · ');
    // The CLI's words for the code (the same catalogue), the code beside them, then the verifier's own detail.
    const text = findingText(f.code, lang);
    const li = el('li', `finding ${f.severity}`,
      el('div', undefined, el('span', 'tag', severityWords(f.severity, lang)), el('span', 'tag', layerWords(f.layer, lang)), ...(text.title === f.code ? [] : [el('strong', 'title', text.title), ' ']), el('span', 'code', f.code)),
      ...(text.explain ? [el('p', 'explain', text.explain)] : []),
      ...(where ? [el('div', 'where', where)] : []),
      el('div', 'where raw', f.message));
    li.dataset.code = f.code;
    li.dataset.severity = f.severity;
    li.dataset.layer = f.layer;
    into.append(li);
  }
  for (const [code, n] of Object.entries(r.omitted)) into.append(el('li', 'omitted', WORDS.more[lang](n, code, r.counts[code] ?? n)));
}
