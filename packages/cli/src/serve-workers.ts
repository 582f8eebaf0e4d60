import cluster, { type Worker } from 'node:cluster';
import { answerClusterMetrics } from '@suyuan/hub';
import { CliError, type Io } from './io.js';

/**
 * `suyuan serve --workers N`: N hub processes (node:cluster) sharing one port on one database.
 * The primary serves nothing itself: it forks the workers (each runs the ordinary serve path),
 * says `listening` once all of them listen, restarts a worker that dies after it listened,
 * answers the workers' `/metrics` with the whole hub's, and on SIGTERM/SIGINT closes every
 * worker gracefully before it exits. A worker's command-line output (its error, if it cannot
 * start) goes to the primary, which prints the first failure once and stops the others.
 */

const LISTENING = 'suyuan-hub:listening';
const OUTPUT = 'suyuan-hub:output';
/** Set by the primary for a replacement worker: the port the hub already listens on (it may have been 0). */
const PORT_ENV = 'SUYUAN_HUB_CLUSTER_PORT';

export const isHubWorker = (): boolean => cluster.isWorker;

/** A worker's port: the one its primary already listens on, when it replaces a worker. */
export const workerPort = (): number | undefined => (process.env[PORT_ENV] ? Number(process.env[PORT_ENV]) : undefined);

/** In a worker: tells the primary it listens. */
export function tellListening(url: string): void {
  process.send!({ type: LISTENING, url });
}

let sending: Promise<void> = Promise.resolve();
const send = (stream: 'out' | 'err', text: string) => {
  sending = sending.then(() => new Promise<void>((resolve) => process.send!({ type: OUTPUT, stream, text }, undefined, {}, () => resolve())));
};

/** In a worker: the command line's output goes to the primary, which decides what is printed. */
export const workerIo: Io = { out: (t) => send('out', t), err: (t) => send('err', t) };

/** In a worker whose command returned (it could not start): ends once its output reached the primary. */
export async function endWorker(code: number): Promise<never> {
  await sending;
  process.exit(code);
}

interface Running { worker: Worker; env: Record<string, string>; listened: boolean; output: { stream: 'out' | 'err'; text: string }[] }

/**
 * In the primary: runs `count` workers until SIGTERM/SIGINT (then 0) or until one fails before
 * the hub listened (then that worker's exit code, its output printed). `announce` prints the
 * listening line, once.
 */
export function runWorkers(count: number, io: Io, log: (msg: string, fields: Record<string, unknown>) => void, announce: (url: string) => void): Promise<number> {
  answerClusterMetrics();
  const running = new Map<number, Running>();
  let url: string | undefined;
  let started = false;
  let stopping = false;
  let failures = 0; // replacements in a row that ended before they listened
  let done: (code: number) => void;
  let failed: { code: number; output: Running['output'] } | undefined;
  const result = new Promise<number>((resolve) => { done = resolve; });

  const timers = new Set<NodeJS.Timeout>();
  const fork = (env: Record<string, string>) => {
    const worker = cluster.fork(env);
    running.set(worker.id, { worker, env, listened: false, output: [] });
  };
  // Node shares one listening socket among the workers that listen with the same settings (port 0
  // included: one random port for all). A replacement listens as a live worker does, so it joins
  // that socket; with none alive, on the port the hub was listening on.
  const replacementEnv = (): Record<string, string> => {
    const live = [...running.values()].find((r) => r.listened);
    if (live !== undefined) return live.env;
    const port = url === undefined ? '' : new URL(url).port;
    return port !== '' ? { [PORT_ENV]: port } : {};
  };
  const stop = () => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const r of running.values()) r.worker.process.kill('SIGTERM');
    if (running.size === 0) finish();
  };
  const finish = () => {
    if (failed !== undefined) for (const o of failed.output) (o.stream === 'out' ? io.out : io.err)(o.text);
    done(failed?.code ?? 0);
  };

  cluster.on('message', (worker, m: { type?: string; url?: string; stream?: 'out' | 'err'; text?: string }) => {
    const r = running.get(worker.id);
    if (r === undefined) return;
    if (m?.type === OUTPUT) r.output.push({ stream: m.stream === 'out' ? 'out' : 'err', text: String(m.text) });
    if (m?.type !== LISTENING) return;
    r.listened = true;
    failures = 0;
    if (url === undefined) url = m.url;
    else if (m.url !== url) log('hub worker listens elsewhere', { pid: worker.process.pid, url: m.url, expected: url });
    if (!started && [...running.values()].every((x) => x.listened) && running.size === count) {
      started = true;
      announce(url!);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const r = running.get(worker.id);
    running.delete(worker.id);
    if (stopping) {
      if (running.size === 0) finish();
      return;
    }
    if (!started) {
      // Not up yet: the hub cannot start as configured. No restart loop: say why, stop the rest.
      const output = r?.output ?? [];
      if (output.length === 0) output.push({ stream: 'err', text: `error: a hub worker (pid ${worker.process.pid}) ended before it listened (${signal ?? `exit ${code}`}) [CLI_IO]` });
      failed = { code: code !== null && code !== 0 ? code : 2, output };
      stop();
      return;
    }
    // A worker that served and died (crash, SIGKILL): another takes its place, on the same port.
    // Replacements that end before listening are retried ever more slowly (up to 30 s).
    if (r?.listened === false) failures++;
    const delay = failures === 0 ? 0 : Math.min(30_000, 1_000 * 2 ** (failures - 1));
    const said = (r?.output ?? []).map((o) => o.text).join('\n');
    log('hub worker ended; starting another', { pid: worker.process.pid, code, signal, inMs: delay, ...(said !== '' ? { output: said } : {}) });
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopping) fork(replacementEnv());
    }, delay);
    timers.add(t);
  });

  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  for (let i = 0; i < count; i++) fork({});
  return result;
}

/** `--workers N` with `--dir`: refused, since the embedded store belongs to one process. */
export function refuseWorkersWithDir(workers: number, dbPool: number | undefined, dir: string | undefined): void {
  if (dir === undefined) return;
  if (workers > 1) throw new CliError('CLI_BAD_VALUE', `--workers ${workers} needs --db (PostgreSQL): the embedded store (--dir) is one process's directory`, { option: 'workers' });
  if (dbPool !== undefined) throw new CliError('CLI_BAD_VALUE', '--db-pool is for PostgreSQL (--db), not --dir', { option: 'db-pool' });
}
