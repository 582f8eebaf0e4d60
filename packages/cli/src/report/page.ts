import type { LotGraph, TraceStart } from '@suyuan/food';
import type { BundleReport } from '@suyuan/verify';
import { roleWords } from '@suyuan/verify/messages';
import { findingText, type Lang } from '../messages/findings.js';
import { label } from '../messages/labels.js';
import type { ReadRecords } from './bodies.js';
import { esc, type TimeFormat } from './format.js';
import type { Status } from './journey.js';
import { renderSteps } from './steps.js';
import { STYLE } from './style.js';
import { trustLabel } from './trust-labels.js';

export interface PageInput {
  path: string;
  verdict: BundleReport;
  /** The lot graph of the signed records; absent when the bundle is refused (invalid, and --unverified not given). */
  graph?: LotGraph;
  /** Reads records (with their bodies) back from the bundle. */
  records: ReadRecords;
  /** False when the bundle did not verify (invalid): every part shown is then marked unverified. */
  verified: boolean;
  start?: TraceStart;
  startText?: string;
  lang: Lang;
  time: TimeFormat;
}

/**
 * The whole page. Only signed, verified records are shown as fact: records no verified
 * checkpoint covers are counted apart and never shown; an invalid bundle gets its verdict and
 * findings only, unless the caller asked for it anyway (then every part says it is unverified).
 */
export function renderPage(p: PageInput): string {
  const { verdict: v, graph, lang } = p;
  const L = <K extends Parameters<typeof label>[0]>(k: K) => label(k, lang);
  const T = <K extends Parameters<typeof trustLabel>[0]>(k: K) => trustLabel(k, lang);
  // Names only from the authority's enrolment: a business's own genesis name is never shown as verified.
  const nameByLog = new Map(v.logs.map((l) => [l.logId, l.enrolment?.name ?? (l.authority ? `${L('authority')} ${l.enterprise ?? ''}` : `${l.enterprise ?? l.logId.slice(0, 12)} (${L('notEnrolled')})`)]));
  const nameByUscc = new Map(v.logs.filter((l) => l.enrolment).map((l) => [l.enterprise ?? '', l.enrolment!.name]));
  const statusOfLog = (hex: string): Status => {
    const fs = v.findings.filter((x) => x.logId === hex && x.layer !== 'food');
    return fs.some((x) => x.severity === 'error') ? 'invalid' : fs.length > 0 ? 'warning' : 'verified';
  };
  // Rows are marked when the page shows the bundle's content unverified (a refused page shows none of it).
  const mark = p.verified || graph === undefined ? '' : ' class="unverified"';
  const unsignedOf = (l: BundleReport['logs'][number]) => (l.mode === 'full' ? l.records - l.signedSize : 0);

  const findings = v.findings.map((x) => {
    const t = findingText(x.code, lang);
    const who = x.logId ? nameByLog.get(x.logId) ?? x.logId.slice(0, 12) : '';
    return `<li class="finding ${x.severity}"><h4><span class="sev">${esc(L('severity')[x.severity] ?? x.severity)}</span> ${esc(t.title)} <code>${esc(x.code)}</code></h4><p class="explain">${esc(t.explain)}</p><p class="where">${esc(L('where'))}: ${esc(who)}${x.seq !== undefined ? ` · ${esc(L('record'))} #${x.seq}` : ''}</p><p class="raw">${esc(x.message)}</p></li>`;
  }).join('');
  const logRows = v.logs.map((l) => {
    const unsigned = unsignedOf(l);
    const signed = l.mode === 'excerpt' ? esc(L('proven')) : `${esc(L('signedN')(l.signedSize))}${unsigned > 0 ? ` · <span class="unsigned-count">${esc(T('unsignedN')(unsigned))}</span>` : ''}`;
    return `<tr data-log="${l.logId}" data-unsigned="${unsigned}"${mark}><td><span class="dot ${statusOfLog(l.logId)}"></span>${esc(nameByLog.get(l.logId))}</td><td>${esc(l.enterprise ?? '')}</td><td>${l.authority ? esc(L('authority')) : esc(l.enrolment?.roles.map((r) => roleWords(r, lang)).join(lang === 'zh' ? '、' : ', ') ?? L('notEnrolled'))}</td><td>${l.records}</td><td>${signed}</td></tr>`;
  }).join('');
  const unsignedLogs = v.logs.filter((l) => unsignedOf(l) > 0);
  const unsignedNote = unsignedLogs.length === 0 ? '' : `<p id="unsigned" class="notice">${esc(T('unsigned')(unsignedLogs.reduce((n, l) => n + unsignedOf(l), 0), unsignedLogs.map((l) => nameByLog.get(l.logId)).join(lang === 'zh' ? '、' : ', ')))}</p>`;
  const verdictClass = v.verdict === 'valid' ? 'verified' : v.verdict === 'invalid' ? 'invalid' : 'warning';
  const layers = Object.entries(v.layers).map(([k, s]) => `${L('layers')[k] ?? k}: ${L('layerState')[s] ?? s}`).join(' · ');

  let main = '';
  if (graph !== undefined) {
    // From a bundle that did not verify nothing is green: what would be "verified" is grey, and the legend says so.
    const legend = (['verified', 'warning', 'invalid'] as const).map((s) => `<span><span class="dot ${s}${s === 'verified' && !p.verified ? ' unverified' : ''}"></span>${esc(s === 'verified' && !p.verified ? T('mark') : L('legend')[s])}</span>`).join('');
    const steps = p.start === undefined ? undefined : renderSteps({
      graph, read: p.records, start: p.start, findings: v.findings, lang, time: p.time,
      nameOfLog: (hex) => nameByLog.get(hex) ?? hex.slice(0, 12), nameOf: (uscc) => nameByUscc.get(uscc) ?? uscc, statusOfLog,
      ...(p.verified ? {} : { unverified: T('mark') }),
    });
    main = `<h2>${esc(p.startText ? L('journeyOf')(p.startText) : L('journey'))}</h2>
<p class="legend">${legend}</p>
${steps?.journey ?? `<p>${esc(L('noJourney'))}</p>`}
<h2>${esc(L('timeline'))}</h2>
${steps?.timeline ?? '<ol id="timeline"></ol>'}
<h2>${esc(L('details'))}</h2>
${steps?.sections ?? ''}`;
  }
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(L('title'))} — ${esc(p.path)}</title>
<style>${STYLE}</style></head><body data-verified="${p.verified}">
<h1>${esc(L('title'))}</h1>
<p class="meta">${esc(p.path)} · ${esc(L('logsRecords')(v.stats.sections, v.stats.records))} · ${esc(L('verifiedAt'))} ${esc(p.time.format(new Date().toISOString()))}</p>
<div id="verdict" class="${verdictClass}" data-verdict="${v.verdict}">${esc(L('verdict')[v.verdict])} — ${esc(layers)}</div>
${graph === undefined ? `<p id="refused" class="notice">${esc(T('refused'))}</p>` : p.verified ? '' : `<p id="unverified" class="notice bad">${esc(T('banner')(L('verdict')[v.verdict]))}</p>`}
${unsignedNote}
<h2>${esc(L('findings'))} (${v.findings.length})</h2>${v.findings.length === 0 ? `<p id="no-findings">${esc(L('noFindings'))}</p>` : `<ol id="findings">${findings}</ol>`}
${main}
<h2>${esc(L('businesses'))}</h2><table id="logs"><thead><tr><th>${esc(L('business'))}</th><th>${esc(L('uscc'))}</th><th>${esc(L('enrolledAs'))}</th><th>${esc(L('records'))}</th><th>${esc(L('signed'))}</th></tr></thead><tbody>${logRows}</tbody></table>
</body></html>
`;
}
