/** The trace page's words, Chinese and English. Kept small: a consumer's phone downloads them. */
import { findingMeaning, findingTitle, roleWords, type Lang } from '@suyuan/verify/messages';

export type { Lang };

type W = [zh: string, en: string];

const T = {
  title: ['溯源查询', 'Food trace'],
  checking: ['正在核验…', 'Checking…'],
  code: ['追溯码', 'Trace code'],
  verified: ['已核验：来源可信', 'Verified: the record is genuine'],
  warning: ['已核验，但有提示', 'Verified, with warnings'],
  failed: ['核验失败：请勿信任此记录', 'Verification failed: do not trust this record'],
  recalled: ['此批次已被召回', 'This lot has been recalled'],
  incomplete: ['记录不完整', 'The record is incomplete'],
  unknown: ['未找到此追溯码', 'Unknown trace code'],
  unknownWhy: ['服务器上没有记录带有此追溯码。请核对小票上的追溯码。', 'No record on this server carries this trace code. Check the code on your receipt.'],
  unknownLot: ['未找到此批次', 'Unknown lot'],
  lotCode: ['本服务器上没有企业以此商品编码记录这一批次，或有多家互不相关的企业记录了同一批次、无法确定来源。请核对包装上的码。', 'No business on this server records this lot of this product, or several unrelated businesses record the same lot, so it has no single source. Check the code on the package.'],
  lotOf: ['批次 {lot} · 商品编码 {gtin}', 'Lot {lot} · GTIN {gtin}'],
  productCode: ['此码只标识商品，不含批次或序列号，无法追溯。', 'This code names a product only, with no lot or serial: nothing to trace.'],
  down: ['暂时无法连接追溯服务器', 'The trace server cannot be reached'],
  downWhy: ['请稍后再试。没有核验的内容不会显示。', 'Try again later. Nothing unverified is shown.'],
  checkedSigs: ['已核对 {n} 家备案企业的签名', 'Signatures of {n} enrolled businesses checked'],
  checkedHub: ['由本平台见证（{t}）', 'witnessed by this hub at {t}'],
  notWitnessed: ['未经平台见证', 'not witnessed by this hub'],
  checkedKeys: ['依据监管部门公钥 {k}', 'against the regulator key {k}'],
  journey: ['从产地到您手中', 'From the farm to you'],
  reasons: ['原因', 'Why'],
  witnessed: ['平台见证', 'Witnessed by the hub'],
  notEnrolled: ['未备案企业', 'business not enrolled'],
  thisSale: ['您的这次购买', 'your purchase'],
  voided: ['已作废', 'voided'],
  gap: ['上游有 {n} 条记录缺失，无法追溯到源头。', '{n} upstream records are missing: the trace does not reach the origin.'],
  unsigned: ['{n} 条记录尚未签名确认。', '{n} records are not yet signed.'],
  recall: ['{who} 于 {t} 召回批次 {lot}：{reason}（{action}）', '{who} recalled lot {lot} on {t}: {reason} ({action})'],
  unverifiable: ['无法核验此记录，请勿信任', 'This record cannot be verified: do not trust it'],
  at: ['位置', 'at'],
} satisfies Record<string, W>;

const KINDS: Record<string, W> = {
  'food.input-use': ['投入品使用', 'Input used'], 'food.harvest': ['收获', 'Harvest'], 'food.test': ['检测', 'Test'],
  'food.certificate': ['合格证', 'Certificate (合格证)'], 'food.pack': ['包装', 'Packed'], 'food.transform': ['加工', 'Processed'],
  'food.ship': ['发货', 'Shipped'], 'food.receive': ['收货', 'Received'], 'food.sale': ['销售', 'Sold'],
};

const FACTS: Record<string, W> = {
  inputType: ['类别', 'type'], inputName: ['名称', 'name'], registration: ['登记证号', 'registration'], interval: ['安全间隔期（天）', 'safety interval (days)'], field: ['地块', 'field'],
  method: ['方式', 'method'], region: ['产地', 'origin'], result: ['结果', 'result'], analyte: ['检测项目', 'tested for'], testType: ['检测类型', 'test type'],
  testMethod: ['检测方法', 'method'], lab: ['检测机构', 'lab'], value: ['检测值', 'value'], limit: ['限量', 'limit'], certType: ['证书', 'certificate'],
  certNumber: ['编号', 'number'], basis: ['承诺依据/产地', '承诺依据 (basis)'], issuedOn: ['开具日期', 'issued on'], container: ['包装单元', 'container'],
  inputs: ['原料批次', 'from lots'], outputs: ['产出批次', 'into lots'], carrier: ['承运（冷链）', 'carrier (cold chain)'], status: ['验收', 'checked in'],
  discrepancy: ['差异', 'discrepancy'], traceCode: ['追溯码', 'trace code'], note: ['备注', 'note'], lot: ['批次', 'lot'], quantity: ['数量', 'quantity'],
};

const VALUES: Record<string, W> = {
  pass: ['合格', 'pass'], fail: ['不合格', 'fail'], rapid: ['快检', 'rapid test'], lab: ['实验室检测', 'laboratory'], pesticide: ['农药', 'pesticide'],
  'veterinary-drug': ['兽药', 'veterinary drug'], fertiliser: ['肥料', 'fertiliser'], seed: ['种子', 'seed'], feed: ['饲料', 'feed'], harvest: ['采收', 'harvest'],
  slaughter: ['屠宰', 'slaughter'], catch: ['捕捞', 'catch'], collect: ['采集', 'collect'], accepted: ['已验收', 'accepted'], partial: ['部分接收', 'partly accepted'],
  rejected: ['拒收', 'rejected'], pallet: ['托盘', 'pallet'], case: ['箱', 'case'], crate: ['筐', 'crate'], 'stop-sale': ['停止销售', 'stop sale'], return: ['退回', 'return'], destroy: ['销毁', 'destroy'],
  KGM: ['千克', 'kg'], GRM: ['克', 'g'], LTR: ['升', 'l'], H87: ['件', 'pieces'], XBX: ['箱', 'boxes'],
};

export const t = (k: keyof typeof T, lang: Lang, vars: Record<string, string | number> = {}): string =>
  T[k][lang === 'zh' ? 0 : 1].replace(/\{(\w+)\}/g, (_, v: string) => String(vars[v] ?? ''));
const pick = (table: Record<string, W>, k: string, lang: Lang) => (Object.hasOwn(table, k) ? table[k]![lang === 'zh' ? 0 : 1] : k);
export const kindWord = (k: string, lang: Lang) => pick(KINDS, k, lang);
export const roleWord = roleWords; // the roles' words are shared with the CLI and the offline page
export const factWord = (k: string, lang: Lang) => pick(FACTS, k, lang);
export const valueWord = (k: string, lang: Lang) => pick(VALUES, k, lang);
/**
 * A finding in the words the CLI and the offline page use for its code (@suyuan/verify/messages):
 * its title, then what it means for the food; the page shows the code beside them. A code the
 * catalogue does not know (the verifier could not run) is said plainly as unverifiable.
 */
export function findingWords(code: string, lang: Lang): string {
  const title = findingTitle(code, lang);
  return title === code ? t('unverifiable', lang) : `${title}${lang === 'zh' ? '。' : '. '}${findingMeaning(code, lang)}`;
}

/** Chinese unless the browser prefers English (or `?lang=en`). */
export function pickLang(navLang: string | undefined, query: string): Lang {
  const q = /[?&]lang=(zh|en)\b/.exec(query)?.[1];
  if (q === 'zh' || q === 'en') return q;
  return /^en\b/i.test(navLang ?? '') ? 'en' : 'zh';
}

/** An event time in the reader's language, in China Standard Time (the records' own zone). */
export function timeWords(iso: string | number, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  // One formatter per language: making one costs more than formatting a hundred times.
  formats[lang] ??= new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return formats[lang].format(d);
}
const formats: Partial<Record<Lang, Intl.DateTimeFormat>> = {};
