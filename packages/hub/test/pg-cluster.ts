import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = process.env.SUYUAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether a PostgreSQL server is installed here (a private cluster can be made). */
export const pgInstalled = existsSync(join(BIN, 'pg_ctl'));

export interface PrivateCluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** Where the ports the kernel picks by itself (listening on port 0, outgoing connections) start. */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port free now, below the kernel's own range: the server is stopped and started again on it,
 * and meanwhile (or while initdb runs) no listen(0) or outgoing connection of the tests running
 * alongside may take it, as one could take a port the kernel had handed out.
 */
async function freePort(): Promise<number> {
  const top = Math.max(ephemeralStart(), 20_000);
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (top - 10_000));
    const s = createServer();
    const free = await new Promise<boolean>((r) => {
      s.once('error', () => r(false));
      s.listen(port, '127.0.0.1', () => r(true));
    });
    if (free) {
      await new Promise<void>((r) => s.close(() => r()));
      return port;
    }
  }
}

/**
 * A throwaway PostgreSQL cluster of the test's own (initdb in a fresh directory under /tmp,
 * its own port), for tests that stop and start the server: the shared test cluster stays up
 * for everyone else. As root, the cluster runs as the postgres user (initdb refuses root).
 */
export async function privateCluster(): Promise<PrivateCluster> {
  const root = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]) => execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const dir = mkdtempSync('/tmp/suyuan-pg-private-');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, uid);
  }
  const port = await freePort();
  as(join(BIN, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const start = () => as(join(BIN, 'pg_ctl'), ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`, 'start']);
  const stop = () => as(join(BIN, 'pg_ctl'), ['-D', dir, '-w', '-t', '60', '-m', 'fast', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try { stop(); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
