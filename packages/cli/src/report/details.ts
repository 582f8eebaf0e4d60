import type { Lang } from '../messages/findings.js';
import { quantityWords, type Quantity, type TimeFormat } from './format.js';

type Body = Record<string, any>; // a decoded, validated event body
type Words = Record<string, [zh: string, en: string]>;

export const KIND_WORDS: Words = {
  'food.input-use': ['投入品使用', 'input use'], 'food.harvest': ['收获', 'harvest'], 'food.test': ['检测', 'test'],
  'food.certificate': ['合格证', 'certificate (合格证)'], 'food.pack': ['包装', 'pack'], 'food.transform': ['加工', 'transformation'],
  'food.ship': ['发货', 'shipment'], 'food.receive': ['收货', 'receipt'], 'food.sale': ['销售', 'sale'],
  'food.catering-use': ['餐饮使用', 'catering use'], 'food.disposal': ['销毁', 'disposal'], 'food.recall': ['召回', 'recall'], 'food.correction': ['更正', 'correction'],
};

const F: Words = {
  time: ['时间', 'time'], product: ['产品', 'product'], quantity: ['数量', 'quantity'], lot: ['批次', 'lot'],
  inputType: ['投入品类别', 'input type'], inputName: ['名称', 'name'], registration: ['登记证号', 'registration no.'], dose: ['用量', 'dose'],
  target: ['施用对象', 'applied to'], interval: ['安全间隔期', 'safety interval'], respected: ['收获是否遵守', 'harvest respected it'],
  method: ['方式', 'method'], origin: ['产地', 'origin'], region: ['地区', 'region'], field: ['地块', 'field'],
  testType: ['检测类型', 'test type'], testMethod: ['检测方法', 'test method'], lab: ['检测机构', 'lab'], analyte: ['检测项目', 'analyte'],
  limit: ['限量', 'limit'], value: ['检测值', 'value'], result: ['结果', 'result'], sample: ['样品编号', 'sample id'],
  certType: ['证书类型', 'certificate type'], certNumber: ['编号', 'number'], issuer: ['开具方', 'issuer'], issuedOn: ['开具日期', 'issued on'], basis: ['承诺依据/产地', '承诺依据 / origin'],
  container: ['包装单元', 'container'], contents: ['内容', 'contents'], inputs: ['投入', 'inputs'], outputs: ['产出', 'outputs'], yield: ['出成率', 'yield'],
  items: ['货物', 'items'], destination: ['收货方', 'destination'], source: ['发货方', 'source'], status: ['状态', 'status'], discrepancy: ['差异', 'discrepancy'], carrier: ['承运人', 'carrier'],
  traceCode: ['追溯码', 'trace code'], dish: ['菜品', 'dish'], reason: ['原因', 'reason'], level: ['级别', 'level'], action: ['措施', 'action'], lots: ['批次', 'lots'], note: ['备注', 'note'], location: ['地点', 'location'],
};
const VALUES: Words = {
  pass: ['合格', 'pass'], fail: ['不合格', 'fail'], rapid: ['快检', 'rapid test'], lab: ['实验室检测', 'laboratory'],
  pesticide: ['农药', 'pesticide'], 'veterinary-drug': ['兽药', 'veterinary drug'], fertiliser: ['肥料', 'fertiliser'], seed: ['种子', 'seed'], feed: ['饲料', 'feed'], other: ['其他', 'other'],
  harvest: ['采收', 'harvest'], slaughter: ['屠宰', 'slaughter'], catch: ['捕捞', 'catch'], collect: ['采集', 'collect'],
  accepted: ['已接收', 'accepted'], partial: ['部分接收', 'partly accepted'], rejected: ['拒收', 'rejected'],
  pallet: ['托盘', 'pallet'], case: ['箱', 'case'], crate: ['筐', 'crate'], 'stop-sale': ['停止销售', 'stop sale'], return: ['退回', 'return'], destroy: ['销毁', 'destroy'],
};

const w = (t: Words, k: string, lang: Lang): string => t[k]?.[lang === 'zh' ? 0 : 1] ?? k;

/** One record's fields as [label, value] pairs, in words. */
export type Field = [label: string, value: string, cls?: string];

export interface DetailContext {
  lang: Lang;
  time: TimeFormat;
  /** A business's enrolled name by its 统一社会信用代码 (the code itself when not enrolled). */
  nameOf(enterprise: string): string;
  /** For an input use: whether the harvest that followed respected its interval (undefined: no harvest found). */
  intervalRespected?: boolean;
}

export function eventFields(kind: string, b: Body, c: DetailContext): Field[] {
  const { lang } = c;
  const f = (k: string, v: unknown, cls?: string): Field | undefined => (v === undefined || v === null || v === '' ? undefined : [w(F, k, lang), String(v), cls]);
  const val = (v: unknown) => (v === undefined ? undefined : w(VALUES, String(v), lang));
  const qty = (q: Quantity | undefined) => (q === undefined ? undefined : quantityWords(q, lang));
  const product = (p: Body | undefined) => (p === undefined ? undefined : [p.description, p.gtin ? `GTIN ${p.gtin}` : p.category ? (lang === 'zh' ? `分类 ${p.category}` : `category ${p.category}`) : ''].filter(Boolean).join(' · '));
  const lines = (ls: Body[] | undefined) => ls?.map((l) => ('sscc' in l ? `SSCC ${l.sscc}` : `${l.lot} · ${product(l.product)} · ${qty(l.quantity)}`)).join('; ');
  // A party by its enrolment; the name a business wrote for its counterpart is its own claim, never shown as the name.
  const party = (p: Body | undefined) => (p === undefined ? undefined : c.nameOf(p.enterprise) === p.enterprise ? String(p.enterprise) : `${c.nameOf(p.enterprise)} (${p.enterprise})`);
  const days = (n: number | undefined) => (n === undefined ? undefined : lang === 'zh' ? `${n} 天` : `${n} days`);
  const out: (Field | undefined)[] = [f('time', c.time.format(b.eventTime))];
  switch (kind) {
    case 'food.input-use':
      out.push(f('inputType', val(b.input?.type)), f('inputName', b.input?.name), f('registration', b.input?.registration), f('dose', qty(b.input?.quantity)),
        f('target', [b.target?.field && `${w(F, 'field', lang)} ${b.target.field}`, b.target?.lot && `${w(F, 'lot', lang)} ${b.target.lot}`].filter(Boolean).join(' · ')),
        f('interval', days(b.safetyIntervalDays)),
        f('respected', c.intervalRespected === undefined ? undefined : c.intervalRespected ? (lang === 'zh' ? '是' : 'yes') : (lang === 'zh' ? '否：收获早于安全间隔期结束' : 'no: harvested before the interval ended'), c.intervalRespected === false ? 'bad' : 'good'));
      break;
    case 'food.harvest':
      out.push(f('product', product(b.product)), f('lot', b.lot), f('quantity', qty(b.quantity)), f('method', val(b.method)), f('region', b.origin?.region), f('field', b.origin?.field));
      break;
    case 'food.test':
      out.push(f('lot', b.lot), f('product', product(b.product)), f('testType', val(b.test?.type)), f('testMethod', b.test?.method), f('lab', b.test?.lab), f('analyte', b.test?.analyte),
        f('limit', b.test?.limit && `${b.test.limit}${b.test.unit ? ` ${b.test.unit}` : ''}`), f('value', b.test?.value && `${b.test.value}${b.test.unit ? ` ${b.test.unit}` : ''}`),
        f('result', val(b.test?.result), b.test?.result === 'fail' ? 'bad' : 'good'), f('sample', b.test?.sampleId));
      break;
    case 'food.certificate':
      out.push(f('certType', b.certificate?.type), f('certNumber', b.certificate?.number), f('issuer', b.certificate?.issuer?.name), f('issuedOn', b.certificate?.issuedOn),
        f('basis', b.origin), f('product', product(b.product)), f('lot', b.lot), f('quantity', qty(b.quantity)));
      break;
    case 'food.pack':
      out.push(f('container', [val(b.container?.type), b.container?.sscc && `SSCC ${b.container.sscc}`, b.container?.id].filter(Boolean).join(' · ')), f('contents', lines(b.contents)));
      break;
    case 'food.transform':
      out.push(f('inputs', lines(b.inputs)), f('outputs', lines(b.outputs)), f('yield', b.yield && `${b.yield.ratio} ± ${b.yield.tolerance}`));
      break;
    case 'food.ship':
      out.push(f('items', lines(b.items)), f('destination', party(b.destination)), f('carrier', b.carrier));
      break;
    case 'food.receive':
      out.push(f('items', lines(b.items)), f('source', party(b.source)), f('status', val(b.status), b.status === 'accepted' ? 'good' : 'bad'), f('discrepancy', b.discrepancy));
      break;
    case 'food.sale': case 'food.catering-use': case 'food.disposal':
      out.push(f('product', product(b.product)), f('lot', b.lot), f('quantity', qty(b.quantity)), f('traceCode', b.traceCode), f('dish', b.dish), f('reason', b.reason));
      break;
    case 'food.recall':
      out.push(f('lots', (b.lots as Body[] | undefined)?.map((l) => l.lot).join(', ')), f('reason', b.reason), f('level', b.level), f('action', val(b.action)));
      break;
    case 'food.correction':
      out.push(f('reason', b.reason), f('action', b.action));
      break;
  }
  out.push(f('location', b.bizLocation?.name ?? b.bizLocation?.id), f('note', b.note));
  return out.filter((x): x is Field => x !== undefined);
}

/** Whether a harvest `days` after a use respected the use's safety interval. */
export function respectsInterval(useIso: string, harvestIso: string, intervalDays: number): boolean {
  return Date.parse(harvestIso) - Date.parse(useIso) >= intervalDays * 86_400_000;
}
