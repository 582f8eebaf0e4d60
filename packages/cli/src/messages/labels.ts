import { LAYER_WORDS, SEVERITY_WORDS } from '@suyuan/verify/messages';
import type { TraceStart } from '@suyuan/food';
import type { Lang } from './findings.js';

/** A table shared with the pages ({ key: [zh, en] }) in this table's shape ({ zh: { key: word }, en: … }). */
const byLang = (t: Readonly<Record<string, readonly [zh: string, en: string]>>): Record<Lang, Record<string, string>> =>
  ({ zh: Object.fromEntries(Object.entries(t).map(([k, w]) => [k, w[0]])), en: Object.fromEntries(Object.entries(t).map(([k, w]) => [k, w[1]])) });

/** The report's words, in both languages; one table so a missing translation is a type error. */
export const LABELS = {
  title: { zh: '溯源核验报告', en: 'Suyuan verification report' },
  logsRecords: { zh: (l: number, r: number) => `${l} 本日志 · ${r} 条记录`, en: (l: number, r: number) => `${l} logs · ${r} records` },
  verifiedAt: { zh: '核验时间', en: 'verified' },
  verdict: { zh: { valid: '有效', 'valid-with-warnings': '有效但有警告', unsigned: '有未签名的记录', invalid: '无效' }, en: { valid: 'VALID', 'valid-with-warnings': 'VALID WITH WARNINGS', unsigned: 'UNSIGNED RECORDS', invalid: 'INVALID' } },
  layers: byLang(LAYER_WORDS),
  layerState: { zh: { ok: '通过', warnings: '有警告', errors: '有错误' } as Record<string, string>, en: { ok: 'ok', warnings: 'warnings', errors: 'errors' } as Record<string, string> },
  businesses: { zh: '企业', en: 'Businesses' },
  business: { zh: '企业（登记名称）', en: 'business (enrolled name)' },
  uscc: { zh: '统一社会信用代码', en: 'unified social credit code' },
  enrolledAs: { zh: '登记角色', en: 'enrolled as' },
  records: { zh: '记录数', en: 'records' },
  signed: { zh: '签名', en: 'signed' },
  notEnrolled: { zh: '未登记', en: 'not enrolled' },
  authority: { zh: '主管部门', en: 'authority' },
  proven: { zh: '摘录（已证明）', en: 'excerpt (proven)' },
  signedN: { zh: (n: number) => `已签 ${n} 条`, en: (n: number) => `${n} signed` },
  findings: { zh: '发现的问题', en: 'Findings' },
  noFindings: { zh: '没有问题：每个签名、链接、引用、规则和登记都核对无误。', en: 'None: every signature, link, reference, rule and enrolment checks out.' },
  severity: byLang(SEVERITY_WORDS),
  where: { zh: '位置', en: 'where' },
  record: { zh: '记录', en: 'record' },
  journey: { zh: '流向', en: 'Journey' },
  journeyOf: { zh: (s: string) => `流向：${s}`, en: (s: string) => `Journey of ${s}` },
  step: { zh: '环节', en: 'step' },
  from: { zh: '来自', en: 'from' },
  legend: { zh: { verified: '已核验', warning: '有警告', invalid: '无效' }, en: { verified: 'verified', warning: 'warning', invalid: 'invalid' } },
  timeline: { zh: '时间线', en: 'Timeline' },
  details: { zh: '每个环节背后的记录', en: 'Records behind each step' },
  lot: { zh: '批次', en: 'lot' },
  seq: { zh: '序号', en: 'seq' },
  noJourney: { zh: '未选择或未找到批次。', en: 'No lot chosen or found.' },
  thisSale: { zh: '本票销售', en: 'this receipt\'s sale' },
  otherSales: { zh: (n: number, total: string) => `另有 ${n} 笔销售，共 ${total}`, en: (n: number, total: string) => `${n} other sales, ${total} in all` },
  voided: { zh: '已被更正作废', en: 'voided by a correction' },
} as const;

export type LabelKey = keyof typeof LABELS;
export const label = <K extends LabelKey>(k: K, lang: Lang): (typeof LABELS)[K]['zh'] => LABELS[k][lang] as (typeof LABELS)[K]['zh'];

/** What the journey starts from, in the report's language: a receipt's trace code, a lot, or a record. */
export function startWords(s: TraceStart, lang: Lang): string {
  if ('traceCode' in s) return lang === 'zh' ? `溯源码 ${s.traceCode}` : `receipt ${s.traceCode}`;
  if ('lot' in s) return lang === 'zh' ? `批次 ${s.lot}` : `lot ${s.lot}`;
  return lang === 'zh' ? `记录 ${s.seq}` : `record ${s.seq}`;
}
