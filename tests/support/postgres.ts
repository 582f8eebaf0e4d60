import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * vitest globalSetup: starts the throwaway PostgreSQL cluster the hub's tests use (idempotent;
 * packages/hub/test/pg-start.sh), when the server is installed. Where it is not, the hub's
 * PostgreSQL tests fail under CI=true and say they were skipped elsewhere.
 */
export default function setup(): void {
  const bin = process.env.SUYUAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  if (!existsSync(join(bin, 'pg_ctl'))) return;
  execFileSync('sh', [join(import.meta.dirname, '../../packages/hub/test/pg-start.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
