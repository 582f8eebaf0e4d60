/**
 * The finding codes' words (@suyuan/verify/messages), shared by the CLI and the web pages: every
 * code core, verify and food export has a title, what was checked and what it means for the food,
 * in Chinese and in English; the tables hold no code the packages do not export; and the module
 * stays portable (the pages bundle it for the browser).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '@suyuan/core';
import { FOOD_CODES } from '@suyuan/food';
import { ROLES, VERIFY_CODES } from '@suyuan/verify';
import { FINDING_CHECKS, FINDING_MEANINGS, FINDING_TITLES, LAYER_WORDS, ROLE_WORDS, findingMeaning, findingText, findingTitle, layerWords, roleWords, severityWords } from '@suyuan/verify/messages';
import { describe, expect, it } from 'vitest';
import { findingText as cliFindingText } from '../packages/cli/src/messages/findings.js';

const EXPORTED = [...new Set([...ERROR_CODES, ...VERIFY_CODES, ...FOOD_CODES])];
const HAN = /[\u4e00-\u9fff]/;

describe('the finding codes in plain words', () => {
  it.each(EXPORTED)('%s has a title, what was checked and what it means, in Chinese and English', (code) => {
    for (const lang of ['zh', 'en'] as const) {
      const t = findingText(code, lang);
      expect(t.title, lang).not.toBe(code);
      expect(t.title.length, lang).toBeGreaterThan(1);
      expect(t.explain.length, lang).toBeGreaterThan(20);
      expect(t.explain, lang).toContain(findingMeaning(code, lang));
      expect(findingTitle(code, lang)).toBe(t.title);
      expect(findingMeaning(code, lang).length, lang).toBeGreaterThan(10);
    }
    expect(findingText(code, 'zh').title).toMatch(HAN);
    expect(findingText(code, 'zh').explain).toMatch(HAN);
    expect(findingText(code, 'en').title).not.toMatch(HAN);
    expect(findingText(code, 'en').explain).not.toMatch(/^[\u4e00-\u9fff]/);
  });

  it('holds no code the packages do not export, and every family has words', () => {
    expect(Object.keys(FINDING_TITLES).sort()).toEqual([...EXPORTED].sort());
    expect(Object.keys(FINDING_CHECKS).sort()).toEqual([...EXPORTED].sort());
    for (const [zh, en] of Object.values(FINDING_MEANINGS)) { expect(zh).toMatch(HAN); expect(en).not.toMatch(HAN); }
  });

  it('says what a failure means for the food; an unknown code is shown as itself', () => {
    expect(findingText('CHAIN_PREV', 'en').explain).toContain('quantities');
    expect(findingText('FOOD_SAFETY_INTERVAL', 'zh').explain).toContain('安全间隔期');
    expect(findingText('NOT_A_CODE', 'en')).toEqual({ title: 'NOT_A_CODE', explain: '' });
    expect(findingTitle('NOT_A_CODE', 'zh')).toBe('NOT_A_CODE');
    expect(findingMeaning('NOT_A_CODE', 'zh')).toBe('');
    expect(findingTitle('constructor', 'zh')).toBe('constructor'); // no inherited property is a code
    expect(findingTitle('__proto__', 'en')).toBe('__proto__');
  });

  it('has words for every role an authority grants, every layer and severity, and nothing else', () => {
    expect(Object.keys(ROLE_WORDS).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(LAYER_WORDS).sort()).toEqual(['bundle', 'food', 'log', 'policy', 'refs']);
    for (const [words, keys] of [[roleWords, ROLES], [layerWords, Object.keys(LAYER_WORDS)], [severityWords, ['error', 'warning']]] as const) {
      for (const k of keys) {
        expect(words(k, 'zh'), k).toMatch(HAN);
        expect(words(k, 'en'), k).toMatch(/^[a-z][a-z ]+$/);
      }
    }
    expect(roleWords('astronaut', 'zh')).toBe('astronaut');
    expect(roleWords('toString', 'en')).toBe('toString');
  });

  it('is the CLI\'s catalogue: the CLI has no words of its own for the codes', () => {
    expect(cliFindingText).toBe(findingText);
  });

  it('is portable: nothing in it imports a node:* built-in or a Node-only package', () => {
    const dir = join(import.meta.dirname, '../packages/verify/src/messages');
    for (const f of readdirSync(dir)) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/^\s*(?:import|export)\b(?!\s+type\b)[^;]*?from '([^']+)'/gm)) expect(m[1], `${f}: ${m[1]}`).toMatch(/^\.\//);
    }
  });
});
