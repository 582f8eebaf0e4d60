import { ERROR_CODES } from '@suyuan/core';
import { FOOD_CODES } from '@suyuan/food';
import { VERIFY_CODES } from '@suyuan/verify';
import { describe, expect, it } from 'vitest';
import { FINDING_MESSAGES, findingText } from '../packages/cli/src/messages/findings.js';

describe('the finding message catalogue', () => {
  it.each([...ERROR_CODES, ...VERIFY_CODES, ...FOOD_CODES])('%s has a title and an explanation in Chinese and English', (code) => {
    const m = (FINDING_MESSAGES as Record<string, { zh: { title: string; explain: string }; en: { title: string; explain: string } }>)[code];
    expect(m).toBeDefined();
    for (const lang of ['zh', 'en'] as const) {
      expect(m![lang].title.length).toBeGreaterThan(1);
      expect(m![lang].explain.length).toBeGreaterThan(20);
    }
    expect(m!.zh.explain).toMatch(/[\u4e00-\u9fff]/);
    expect(m!.en.explain).not.toMatch(/^[\u4e00-\u9fff]/);
  });

  it('says what a failure means for the food', () => {
    expect(findingText('CHAIN_PREV', 'en').explain).toContain('quantities');
    expect(findingText('FOOD_SAFETY_INTERVAL', 'zh').explain).toContain('安全间隔期');
    expect(findingText('NOT_A_CODE', 'en').title).toBe('NOT_A_CODE');
  });
});
