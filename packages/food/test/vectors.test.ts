import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOOD_CODES } from '../src/index.js';
import { eventVectors } from './event-vectors.js';

const FILE = join(import.meta.dirname, '../../../tests/vectors/food-events.json');

describe('published food event vectors (tests/vectors/food-events.json)', () => {
  const published = JSON.parse(readFileSync(FILE, 'utf8'));

  it('are what validateEvent and checkAppend give (regenerate with packages/food/test/event-vectors.ts after a deliberate change)', () => {
    expect(published).toEqual(eventVectors());
  });

  it('cover every validation code and the writer\'s codes', () => {
    const seen = new Set<string>(published.cases.flatMap((c: { validate: [string, string][] | null; append: [string, string][] }) => [...(c.validate ?? []), ...c.append].map(([code]) => code)));
    const graphOnly = ['FOOD_STAGE_ORDER', 'FOOD_RECEIVE_MISMATCH', 'FOOD_YIELD', 'FOOD_UNIT_MISMATCH', 'FOOD_LOT_REDEFINED', 'FOOD_REF_MISSING', 'FOOD_CYCLE', 'FOOD_OVERDRAWN', 'FOOD_SAFETY_INTERVAL', 'FOOD_FAILED_TEST', 'FOOD_NO_CERTIFICATE', 'FOOD_AFTER_RECALL', 'FOOD_AFTER_RECALL_UPSTREAM'];
    expect(FOOD_CODES.filter((c) => !graphOnly.includes(c) && !seen.has(c))).toEqual([]);
  });
});
