import type { Lang } from '../messages/findings.js';
import { CliError } from '../io.js';

/** Units in the words a reader uses: 千克/kg, 吨/t, 个/pieces. */
const UNIT_WORDS: Record<string, [zh: string, en: string]> = {
  KGM: ['千克', 'kg'], GRM: ['克', 'g'], TNE: ['吨', 't'], LTR: ['升', 'L'], MLT: ['毫升', 'mL'],
  H87: ['个', 'pieces'], EA: ['件', 'each'], XBX: ['箱', 'boxes'], XCT: ['纸箱', 'cartons'], XBG: ['袋', 'bags'], DZN: ['打', 'dozen'],
};

export interface Quantity { value: string; unit: string }

export function quantityWords(q: Quantity | undefined, lang: Lang): string {
  if (q === undefined) return '';
  const w = UNIT_WORDS[q.unit]?.[lang === 'zh' ? 0 : 1] ?? q.unit;
  return lang === 'zh' ? `${q.value} ${w}` : `${q.value} ${w}`;
}

const SCALE = 1_000_000n;
const toMicro = (v: string): bigint => {
  const [i = '0', f = ''] = v.split('.');
  return BigInt(i) * SCALE + BigInt((f + '000000').slice(0, 6));
};
const fromMicro = (m: bigint): string => {
  const f = (m % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return `${m / SCALE}${f ? `.${f}` : ''}`;
};

/** A running total of quantities, per unit, without keeping them ("60 千克 + 3 箱"). */
export class QuantitySum {
  private readonly sums = new Map<string, bigint>();
  count = 0;

  add(q: Quantity): void {
    this.count++;
    if (!/^\d+(\.\d+)?$/.test(q.value)) return;
    this.sums.set(q.unit, (this.sums.get(q.unit) ?? 0n) + toMicro(q.value));
  }

  words(lang: Lang): string {
    return [...this.sums].map(([unit, m]) => quantityWords({ value: fromMicro(m), unit }, lang)).join(' + ');
  }
}

/** The total of quantities recorded in one unit each, per unit ("60 千克 + 3 箱"). */
export function totalWords(qs: Quantity[], lang: Lang): string {
  const sum = new QuantitySum();
  for (const q of qs) sum.add(q);
  return sum.words(lang);
}

/**
 * Formats times for one reader: in the IANA zone `tz` when given, else in each event's own
 * UTC offset (what the business recorded), in the reader's language.
 */
export class TimeFormat {
  constructor(readonly lang: Lang, readonly tz?: string) {
    if (tz !== undefined) {
      try { new Intl.DateTimeFormat('en', { timeZone: tz }); } catch { throw new CliError('CLI_BAD_VALUE', `--tz ${tz}: not a time zone (use an IANA name such as Asia/Shanghai or UTC)`, { option: 'tz' }); }
    }
  }

  /** `iso` as recorded ("2025-11-26T07:00:00+08:00") in words; text that is no time is shown as is. */
  format(iso: unknown): string {
    if (typeof iso !== 'string') return '';
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const locale = this.lang === 'zh' ? 'zh-CN' : 'en-GB';
    const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: this.lang === 'zh' ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    if (this.tz !== undefined) return new Intl.DateTimeFormat(locale, { ...opts, timeZone: this.tz, timeZoneName: 'short' }).format(ms);
    const m = /(Z|([+-])(\d\d):?(\d\d))$/.exec(iso);
    const offset = m === null || m[1] === 'Z' ? 0 : (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
    const text = new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(ms + offset * 60_000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${text} (UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')})`;
  }
}

export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
