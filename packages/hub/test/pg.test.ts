import { describe, expect, it } from 'vitest';
import { PgHubStore } from '../src/index.js';
import { conformance } from './conformance.js';
import { IN_CI, dropSchema, freshSchema, testPgUrl } from './pg-url.js';

const url = await testPgUrl();

if (url !== undefined) {
  conformance('postgres', () => {
    const schema = freshSchema();
    return { open: () => PgHubStore.open({ url, schema }), cleanup: () => dropSchema(url, schema) };
  });
  // Every push stored with binary COPY (by default only pushes of 32 records or more are).
  conformance('postgres, COPY for every push', () => {
    const schema = freshSchema();
    return { open: () => PgHubStore.open({ url, schema }), cleanup: () => dropSchema(url, schema) };
  });
} else if (IN_CI) {
  describe('hub conformance: postgres', () => {
    it('needs PostgreSQL in CI (run packages/hub/test/pg-start.sh first)', () => {
      expect.fail('no PostgreSQL: SUYUAN_TEST_PG is unset or does not answer, and CI=true');
    });
  });
} else {
  describe.skip('hub conformance: postgres — SKIPPED: no PostgreSQL here (run packages/hub/test/pg-start.sh)', () => {
    it('conformance', () => undefined);
  });
}
