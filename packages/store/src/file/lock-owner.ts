import { readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname } from 'node:os';

/** Who holds a lock, as written in its lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
  /** Linux: the kernel's boot id, the PID namespace, the process start time (clock ticks after boot), /etc/machine-id. */
  bootId?: string;
  pidNamespace?: string;
  startTime?: string;
  machineId?: string;
  /** Name of the Unix socket the owner listens on while it lives (in the log directory). */
  socket?: string;
  /** Set when the owner closed the log: the lock is free. */
  released?: boolean;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
};

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot. */
function startTimeOf(pid: number | 'self'): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** This process, as a lock file names it. */
export function currentOwner(token: string, socket: string | undefined): LockOwner {
  const o: LockOwner = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
  const bootId = read('/proc/sys/kernel/random/boot_id');
  const machineId = read('/etc/machine-id');
  const startTime = startTimeOf('self');
  let pidNamespace: string | undefined;
  try {
    pidNamespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // not Linux
  }
  if (bootId) o.bootId = bootId;
  if (pidNamespace) o.pidNamespace = pidNamespace;
  if (startTime) o.startTime = startTime;
  if (machineId) o.machineId = machineId;
  if (socket) o.socket = socket;
  return o;
}

export type Liveness = { alive: true; why: string } | { alive: false; why: string } | { alive: 'unknown'; why: string };

/** Connects to a Unix socket: 'refused' if nobody listens on it (its process is gone), 'absent' if there is no such file. */
export function probeSocket(path: string): Promise<'accepted' | 'refused' | 'absent' | 'error'> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => { s.destroy(); resolve('accepted'); });
    s.once('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ENOENT' ? 'absent' : 'error');
    });
  });
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a lock's owner is provably gone. Only a proof frees a lock; anything else leaves
 * it held ('unknown'):
 * - another host name: never proven (the directory may be on a shared file system);
 * - the same host name and another boot id: gone only if /etc/machine-id is the same and
 *   set (this machine restarted since); two machines with one name would otherwise look alike;
 * - the owner's socket (a file in the log directory) refuses connections: nobody listens on
 *   it, so its process is gone. This works across PID namespaces (containers of one pod),
 *   where the owner's pid means nothing;
 * - otherwise, in this PID namespace only: its pid is unused, or used by a process that
 *   started at another time (the pid was reused).
 */
export async function liveness(owner: LockOwner, me: LockOwner, socketPath: (name: string) => string): Promise<Liveness> {
  if (owner.released) return { alive: false, why: 'released' };
  if (owner.host !== me.host) return { alive: 'unknown', why: `held by pid ${owner.pid} on host ${owner.host}` };
  if (owner.bootId !== undefined && me.bootId !== undefined && owner.bootId !== me.bootId) {
    if (owner.machineId !== undefined && owner.machineId === me.machineId) return { alive: false, why: 'this machine restarted since' };
    return { alive: 'unknown', why: `held by pid ${owner.pid} on host ${owner.host} under another boot (another machine of that name, or this one before a restart: /etc/machine-id cannot tell)` };
  }
  if (owner.socket !== undefined) {
    const probe = await probeSocket(socketPath(owner.socket));
    if (probe === 'refused') return { alive: false, why: 'nobody listens on its socket' };
    if (probe === 'accepted') return { alive: true, why: `held by pid ${owner.pid}${owner.pid === process.pid && owner.pidNamespace === me.pidNamespace ? ' (this process)' : ''} since ${owner.since}` };
    if (probe === 'error') return { alive: 'unknown', why: `held by pid ${owner.pid} since ${owner.since} (its socket cannot be reached)` };
  }
  if (owner.pidNamespace !== me.pidNamespace) return { alive: 'unknown', why: `held by pid ${owner.pid} in another PID namespace (${owner.pidNamespace ?? 'unknown'}) since ${owner.since}` };
  if (!pidExists(owner.pid)) return { alive: false, why: 'its process is gone' };
  if (owner.startTime !== undefined && startTimeOf(owner.pid) !== owner.startTime) return { alive: false, why: 'its pid now belongs to another process' };
  return { alive: true, why: `held by pid ${owner.pid}${owner.pid === process.pid ? ' (this process)' : ''} since ${owner.since}` };
}
