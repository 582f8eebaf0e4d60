import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * The test PostgreSQL: $SUYUAN_TEST_PG, else what `test/pg-start.sh` wrote to
 * /tmp/suyuan-test-pg.url (or $SUYUAN_PG_URL_FILE). Resolves to
 * undefined when there is none or it does not answer; in CI (CI=true) the PostgreSQL tests
 * then fail instead of being skipped.
 */
export async function testPgUrl(): Promise<string | undefined> {
  const file = process.env.SUYUAN_PG_URL_FILE ?? '/tmp/suyuan-test-pg.url';
  const url = process.env.SUYUAN_TEST_PG ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (url === undefined || url === '') return undefined;
  // As long as the hub's own pool waits: on a loaded machine a connection can take seconds, and
  // in CI a test PostgreSQL taken for absent fails every PostgreSQL test. One that is not there
  // refuses the connection at once.
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  try {
    await c.connect();
    await c.query('select 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const IN_CI = process.env.CI === 'true';

let n = 0;
/** A fresh schema name per test, so tests never see each other's logs. */
export function freshSchema(): string {
  return `hub_t_${process.pid}_${Date.now().toString(36)}_${n++}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await c.end();
  }
}
