/**
 * Words the CLI's report and both pages share beside the findings: the roles an authority
 * grants (policy-check.ts's ROLE_KINDS), a finding's severity and its layer.
 */
import type { BundleFinding, Layer } from '../findings.js';
import type { Lang } from './codes.js';

type Pair = readonly [zh: string, en: string];
type Words = Readonly<Record<string, Pair>>;

export const ROLE_WORDS: Words = {
  farm: ['种植养殖场', 'farm'],
  processor: ['加工厂', 'processor'],
  wholesaler: ['批发商', 'wholesaler'],
  logistics: ['物流企业', 'logistics'],
  market: ['市场/超市', 'market'],
  retailer: ['零售商', 'retailer'],
  restaurant: ['餐厅', 'restaurant'],
  lab: ['检测机构', 'laboratory'],
  regulator: ['监管部门', 'regulator'],
};

export const SEVERITY_WORDS: Readonly<Record<BundleFinding['severity'], Pair>> = { error: ['错误', 'error'], warning: ['警告', 'warning'] };

export const LAYER_WORDS: Readonly<Record<Layer, Pair>> = { bundle: ['数据包', 'bundle'], log: ['日志签名', 'logs'], refs: ['跨企业引用', 'references'], food: ['食品规则', 'food rules'], policy: ['登记', 'enrolment'] };

const pick = (table: Words, key: string, lang: Lang) => (Object.hasOwn(table, key) ? table[key]![lang === 'zh' ? 0 : 1] : key);

/** A role, a severity, a layer in words; one this version does not know is shown as itself. */
export const roleWords = (role: string, lang: Lang): string => pick(ROLE_WORDS, role, lang);
export const severityWords = (severity: string, lang: Lang): string => pick(SEVERITY_WORDS, severity, lang);
export const layerWords = (layer: string, lang: Lang): string => pick(LAYER_WORDS, layer, lang);
