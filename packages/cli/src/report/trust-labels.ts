import type { Lang } from '../messages/findings.js';

/** The report's words about trust: what is not verified or not signed, in both languages. */
export const TRUST_LABELS = {
  mark: { zh: '未核验', en: 'unverified' },
  banner: {
    zh: (verdict: string) => `未核验：此数据包未通过核验（${verdict}）。下面的流向、时间线和记录来自未通过核验的数据包，不能作为事实；每一部分都标为“未核验”。`,
    en: (verdict: string) => `UNVERIFIED: this bundle did not verify (${verdict}). The journey, timeline and records below come from a bundle that failed verification and are not fact; every part is marked unverified.`,
  },
  refused: {
    zh: '此数据包无效：其中的任何记录都不作为事实显示。下面的问题说明哪里不对；加 --unverified 可以仍然查看流向，每一部分标为“未核验”。',
    en: 'This bundle is invalid: nothing in it is shown as fact. The findings below say what is wrong; --unverified shows the journey anyway, every part marked unverified.',
  },
  unsigned: {
    zh: (n: number, who: string) => `${n} 条记录（${who}）不在任何已核验的签名检查点之内，任何人都可能写入：不显示，也不计入流向、时间线和数量。`,
    en: (n: number, who: string) => `${n} record(s) (${who}) are not covered by a verified, signed checkpoint, so anyone could have written them: they are not shown and count for nothing in the journey, timeline or quantities.`,
  },
  unsignedN: { zh: (n: number) => `${n} 条未签名（未显示）`, en: (n: number) => `${n} unsigned (not shown)` },
} as const;

export const trustLabel = <K extends keyof typeof TRUST_LABELS>(k: K, lang: Lang): (typeof TRUST_LABELS)[K]['zh'] => TRUST_LABELS[k][lang] as (typeof TRUST_LABELS)[K]['zh'];
