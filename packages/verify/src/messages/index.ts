/**
 * `@suyuan/verify/messages`: every finding code in plain words, Chinese and English, for the
 * CLI's output and report and for the web pages (shared, so a regulator reads the same words
 * beside the same code everywhere). Portable: data and string functions only, no node:*.
 *
 * A finding's text is its title and its explanation: what was checked and what failed
 * (checks.ts), then what a failure of its family means for the food (meanings.ts). Beside
 * it: the words of roles, severities and layers (labels.ts).
 */
import { FINDING_CHECKS } from './checks.js';
import type { Lang } from './codes.js';
import { FINDING_MEANINGS, type Family } from './meanings.js';
import { FINDING_TITLES } from './titles.js';

export type { FindingCode, Lang } from './codes.js';
export type { Family };
export { FINDING_CHECKS, FINDING_MEANINGS, FINDING_TITLES };
export { LAYER_WORDS, ROLE_WORDS, SEVERITY_WORDS, layerWords, roleWords, severityWords } from './labels.js';

/** A finding in plain words: its title, and what was checked, what failed and what it means for the food. */
export interface FindingText { title: string; explain: string }

const own = <T>(table: Record<string, T>, code: string): T | undefined => (Object.hasOwn(table, code) ? table[code] : undefined);

/** The code's title; a code this version does not know (a newer verifier's) is shown as itself. */
export function findingTitle(code: string, lang: Lang): string {
  const t = own<readonly [Family, string, string]>(FINDING_TITLES, code);
  return t === undefined ? code : lang === 'zh' ? t[1] : t[2];
}

/** What a failure of the code's family means for the food; '' for a code this version does not know. */
export function findingMeaning(code: string, lang: Lang): string {
  const t = own<readonly [Family, string, string]>(FINDING_TITLES, code);
  return t === undefined ? '' : FINDING_MEANINGS[t[0]][lang === 'zh' ? 0 : 1];
}

/** The code's title and full explanation (what was checked, then what it means for the food). */
export function findingText(code: string, lang: Lang): FindingText {
  const c = own<readonly [string, string]>(FINDING_CHECKS, code);
  if (c === undefined) return { title: code, explain: '' };
  const meaning = findingMeaning(code, lang);
  return { title: findingTitle(code, lang), explain: lang === 'zh' ? `${c[0]}${meaning}` : `${c[1]} ${meaning}` };
}
