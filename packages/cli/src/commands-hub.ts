import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { toHex, type Signer } from '@suyuan/core';
import { EmbeddedHubStore, HubError, PgHubStore, isHubError, startHub, type HubLimits, type HubStore } from '@suyuan/hub';
import { FileLogStore } from '@suyuan/store';
import { pushLog } from 'suyuan';
import { integer, list, optional, required, say, type Flags } from './args.js';
import { Output } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';
import { loadPublicKey, loadSigner } from './keys.js';
import { isHubWorker, refuseWorkersWithDir, runWorkers, tellListening, workerPort } from './serve-workers.js';
import { tracePage } from './trace-page.js';

/** Settings `suyuan serve` also takes from the environment (a flag wins over its variable). */
export const HUB_ENV = {
  dir: 'SUYUAN_HUB_DIR', db: 'SUYUAN_HUB_DB', trust: 'SUYUAN_HUB_TRUST', key: 'SUYUAN_HUB_KEY',
  port: 'SUYUAN_HUB_PORT', host: 'SUYUAN_HUB_HOST', token: 'SUYUAN_HUB_TOKEN', tokenFile: 'SUYUAN_HUB_TOKEN_FILE',
  workers: 'SUYUAN_HUB_WORKERS', dbPool: 'SUYUAN_HUB_DB_POOL', rateLimit: 'SUYUAN_HUB_RATE_LIMIT', bodyLimit: 'SUYUAN_HUB_BODY_LIMIT',
  recordsPerPush: 'SUYUAN_HUB_RECORDS_PER_PUSH', requestTimeout: 'SUYUAN_HUB_REQUEST_TIMEOUT',
} as const;

/** `suyuan serve`'s limit flags: the HubLimits field each sets, its variable and its range. */
const LIMIT_FLAGS = {
  'rate-limit': { field: 'ratePerMinute', variable: HUB_ENV.rateLimit, min: 1, max: 1_000_000_000 },
  'body-limit': { field: 'bodyBytes', variable: HUB_ENV.bodyLimit, min: 1024, max: 1 << 30 },
  'records-per-push': { field: 'recordsPerPush', variable: HUB_ENV.recordsPerPush, min: 1, max: 1_000_000 },
  'request-timeout': { field: 'requestMs', variable: HUB_ENV.requestTimeout, min: 1_000, max: 3_600_000 },
} as const satisfies Record<string, { field: keyof HubLimits; variable: string; min: number; max: number }>;

const env = (name: string): string | undefined => {
  const v = process.env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};
const commaList = (v: string | undefined): string[] => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/**
 * Bearer tokens, from a file (one per line) or the environment (one, or several separated by
 * commas or new lines) — never from the command line, where `ps` and shell history would show them.
 */
export function readTokens(file: string | undefined): string[] {
  const text = file !== undefined ? readFileSync(file, 'utf8') : env(HUB_ENV.token);
  if (text === undefined) return [];
  const tokens = text.split(file !== undefined ? /\r?\n/ : /[\r\n,]+/).map((t) => t.trim()).filter((t) => t !== '');
  if (tokens.length === 0) throw new CliError('CLI_BAD_VALUE', `${file ?? HUB_ENV.token} holds no token`, file !== undefined ? { file } : { variable: HUB_ENV.token });
  return tokens;
}

/** A whole-number setting from its flag, else its environment variable (a flag wins). */
function flagOrEnv(f: Flags, name: string, variable: string, min: number, max: number): number | undefined {
  const fromFlag = integer(f, name, min, max);
  const v = env(variable);
  return fromFlag ?? (v === undefined ? undefined : integer({ [name]: v }, name, min, max));
}

/** `suyuan serve`: a hub on a directory or PostgreSQL, until SIGINT or SIGTERM. */
export async function serve(_pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = optional(f, 'dir') ?? (f.db === undefined ? env(HUB_ENV.dir) : undefined);
  const db = optional(f, 'db') ?? (f.dir === undefined ? env(HUB_ENV.db) : undefined);
  if (dir !== undefined && db !== undefined) throw new CliError('CLI_BAD_VALUE', `give --dir or --db, not both (or unset ${HUB_ENV.dir} / ${HUB_ENV.db})`, { option: 'db' });
  if (dir === undefined && db === undefined) throw new CliError('CLI_MISSING_ARGUMENT', `--dir DIR (embedded) or --db postgres://… is required (or ${HUB_ENV.dir} / ${HUB_ENV.db})`, { option: 'dir' });
  if (db !== undefined && !/^postgres(ql)?:\/\//.test(db)) throw new CliError('CLI_BAD_VALUE', '--db takes a postgres://… URL', { option: 'db' });
  const trustFiles = list(f, 'trust').length > 0 ? list(f, 'trust') : commaList(env(HUB_ENV.trust));
  if (trustFiles.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', `--trust AUTHORITY.pub is required (or ${HUB_ENV.trust})`, { option: 'trust' });
  const keyFiles = list(f, 'key').length > 0 ? list(f, 'key') : commaList(env(HUB_ENV.key));
  if (keyFiles.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', `--key HUB.key (the hub's own secret key) is required (or ${HUB_ENV.key})`, { option: 'key' });
  const port = workerPort() ?? flagOrEnv(f, 'port', HUB_ENV.port, 0, 65535) ?? 8080;
  const workers = flagOrEnv(f, 'workers', HUB_ENV.workers, 1, 64) ?? 1;
  const dbPool = flagOrEnv(f, 'db-pool', HUB_ENV.dbPool, 1, 1000);
  refuseWorkersWithDir(workers, dbPool, dir);
  const limits: HubLimits = {};
  for (const [flag, l] of Object.entries(LIMIT_FLAGS)) {
    const v = flagOrEnv(f, flag, l.variable, l.min, l.max);
    if (v !== undefined) limits[l.field] = v;
  }
  const host = optional(f, 'host') ?? env(HUB_ENV.host) ?? '127.0.0.1';
  const trust = trustFiles.map((t) => loadPublicKey(t, '--trust'));
  const witness: Signer[] = keyFiles.map((k) => loadSigner(k, '--key'));
  const regulatorTokens = readTokens(optional(f, 'token-file') ?? env(HUB_ENV.tokenFile));

  const redacted = db?.replace(/\/\/[^@/]*@/, '//…@');
  const info = (url: string) => ({ url, store: dir !== undefined ? { dir } : { db: redacted }, trust: trust.map(toHex), witness: witness.map((w) => toHex(w.publicKey)), regulatorTokens: regulatorTokens.length, ...(workers > 1 ? { workers } : {}) });
  const announce = (url: string) => {
    if (f.json) io.err(toJson({ listening: info(url) }));
    else if (!f.quiet) io.err(`suyuan hub listening on ${url} (${dir !== undefined ? `directory ${dir}` : 'PostgreSQL'}; ${trust.length} trusted authority key(s); ${regulatorTokens.length} regulator token(s)${workers > 1 ? `; ${workers} worker processes` : ''})`);
  };
  // The primary of several hub processes checks the settings (above), then serves through its workers.
  if (workers > 1 && !isHubWorker()) return runWorkers(workers, io, (msg, fields) => { if (!f.quiet) io.out(JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, msg, ...fields })); }, announce);
  const madeDir = dir !== undefined && !existsSync(dir); // removed again if the hub cannot start
  let store: HubStore;
  try {
    store = dir !== undefined ? await EmbeddedHubStore.open(dir) : await PgHubStore.open({ url: db!, ...(dbPool !== undefined ? { max: dbPool } : {}) });
  } catch (e) {
    // A database that does not answer is this machine's I/O problem, said as such (not a crash).
    if (isHubError(e, 'HUB_UNAVAILABLE')) throw new CliError('CLI_IO', `cannot reach the database at ${redacted}: ${e.detail}`, { db: redacted });
    // One that answers but refuses (no such database, a wrong password, no schema to create the
    // tables in, no privilege to): PostgreSQL's reason, said as such, not "a bug".
    const sqlstate = (e as { code?: unknown }).code;
    if (db !== undefined && typeof sqlstate === 'string' && /^[0-9A-Z]{5}$/.test(sqlstate)) {
      throw new CliError('CLI_IO', `the database at ${redacted} refused: ${(e as Error).message} (SQLSTATE ${sqlstate})`, { db: redacted, sqlstate });
    }
    throw e;
  }
  let hub;
  try {
    hub = await startHub({ store, trust, witness, regulatorTokens, port, host, logger: !f.quiet, signals: true, pages: await tracePage(), limits, clusterWorker: isHubWorker() });
  } catch (e) {
    await store.close();
    if (madeDir) rmSync(dir, { recursive: true, force: true });
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'EADDRINUSE') throw new CliError('CLI_IO', `port ${port} on ${host} is in use (another hub or program listens there): give another --port, or 0 for any free one`, { errno, port, host });
    if (errno === 'EACCES') throw new CliError('CLI_IO', `port ${port} on ${host}: permission denied (ports below 1024 need privileges): give another --port`, { errno, port, host });
    throw e;
  }
  if (isHubWorker()) tellListening(hub.url);
  else announce(hub.url);
  // startHub's signal handlers close the hub gracefully and end the process.
  return new Promise<number>(() => {});
}

/** A hub's refusal, reported with the hub's own code: exit 1 for a refusal of what was sent, 2 otherwise. */
function hubFailure(e: HubError, f: Flags, io: Io, where: Record<string, unknown>): number {
  const exit = e.status >= 400 && e.status < 500 && e.code !== 'HUB_RATE_LIMITED' ? EXIT.INVALID : EXIT.USAGE;
  if (f.json) io.out(toJson({ error: { code: e.code, message: e.detail, status: e.status, ...e.where, ...where } }));
  else io.err(`error: ${Object.values(where).join(' ')}: the hub refused (HTTP ${e.status}): ${e.detail} [${e.code}]`);
  return exit;
}

/** A hub that cannot be reached is an I/O problem of this machine's, not a verdict. */
function unreachable(url: string, e: unknown): CliError {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return new CliError('CLI_IO', `cannot reach the hub at ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, { url });
}

function hubUrl(f: Flags): string {
  const url = required(f, 'hub', 'URL');
  if (!/^https?:\/\/[^/]/.test(url)) throw new CliError('CLI_BAD_VALUE', `--hub ${url}: give the hub's http:// or https:// URL`, { option: 'hub', value: url });
  return url.replace(/\/+$/, '');
}

/** `suyuan push --hub URL LOGDIR…`: what each log has signed that the hub does not hold yet. */
export async function push(pos: string[], f: Flags, io: Io): Promise<number> {
  const url = hubUrl(f);
  const results = [];
  for (const dir of pos) {
    const store = await FileLogStore.open(dir, { readOnly: true });
    let r;
    let local = 0;
    try {
      await store.checkIntact();
      local = store.size;
      r = await pushLog(url, store);
    } catch (e) {
      if (isHubError(e)) return hubFailure(e, f, io, { log: dir });
      if (e instanceof TypeError && (e as { cause?: unknown }).cause !== undefined) throw unreachable(url, e);
      throw e;
    } finally {
      await store.close();
    }
    const sent = r.size - r.from;
    const cosignature = r.cosignature === undefined ? undefined : { size: r.cosignature.size, witness: toHex(r.cosignature.witness), signature: toHex(r.cosignature.signature) };
    const unsigned = local - Math.max(r.size, r.from);
    results.push({ dir, logId: r.logId, from: r.from, size: r.size, sent, requests: r.requests, unsigned, ...(cosignature ? { cosignature } : {}) });
    if (unsigned > 0) say(f, io, `${dir}: ${unsigned} record(s) after the last checkpoint stay local (suyuan checkpoint ${dir} --key … signs them)`);
    if (sent === 0) say(f, io, `${dir}: the hub already holds its ${r.from} signed record(s); nothing sent`);
    else say(f, io, `${dir}: sent records ${r.from}–${r.size - 1} (${sent}) in ${r.requests} request(s)${cosignature ? `; the hub cosigned size ${r.size} with key ${cosignature.witness.slice(0, 16)}…` : '; the hub holds no key of this log\'s suite: no cosignature'}`);
  }
  if (f.json) io.out(toJson({ hub: url, logs: results }));
  return EXIT.OK;
}

/** `suyuan export --hub URL (--trace-code CODE | --log LOGID…) --out FILE`: a bundle the hub makes. */
export async function exportFromHub(pos: string[], f: Flags, io: Io): Promise<number> {
  const url = hubUrl(f);
  if (pos.length > 0) throw new CliError('CLI_EXTRA_ARGUMENT', `with --hub, export reads no log directories (got ${pos[0]}): name logs with --log LOGID`, { argument: pos[0] });
  for (const local of ['authority', 'trace-lot', 'description']) if (f[local] !== undefined) throw new CliError('CLI_BAD_VALUE', `--${local} is for local logs; with --hub give --trace-code or --log`, { option: local });
  const outPath = required(f, 'out', 'FILE (or - for standard output)');
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--out - writes the bundle to standard output, which --json would share', { option: 'out' });
  const code = optional(f, 'trace-code');
  const logs = list(f, 'log');
  if ((code === undefined) === (logs.length === 0)) throw new CliError(code === undefined ? 'CLI_MISSING_ARGUMENT' : 'CLI_BAD_VALUE', 'with --hub give --trace-code CODE or --log LOGID (repeatable), not both', { option: 'log' });
  for (const l of logs) if (!/^[0-9a-f]{64}$/i.test(l)) throw new CliError('CLI_BAD_VALUE', `--log ${l}: give a log id (64 hex digits; suyuan inspect LOGDIR shows it)`, { option: 'log', value: l });
  const output = Output.plan(outPath, { force: f.force === true, inputs: {} });
  const headers: Record<string, string> = {};
  if (code === undefined) {
    const [token] = readTokens(optional(f, 'token-file') ?? env(HUB_ENV.tokenFile));
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
  }
  const target = code !== undefined ? `${url}/v1/trace/${encodeURIComponent(code)}` : `${url}/v1/bundle?${logs.map((l) => `log=${l.toLowerCase()}`).join('&')}`;
  let res: Response;
  try {
    res = await fetch(target, { headers });
  } catch (e) {
    throw unreachable(url, e);
  }
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) {
    let answer: { code?: string; message?: string } = {};
    try {
      answer = JSON.parse(Buffer.from(body).toString('utf8')) as typeof answer;
    } catch {
      // not JSON: the status says it
    }
    return hubFailure(new HubError((answer.code ?? 'HUB_INTERNAL') as HubError['code'], res.status, answer.message ?? `HTTP ${res.status}`), f, io, { what: code !== undefined ? `trace ${code}` : 'bundle' });
  }
  await output.run((o) => {
    if (o.toStdout) writeBytes(io, body);
    else writeFileSync(o.tmp!, body, { flag: 'wx', mode: 0o644 });
  });
  if (f.json) io.out(toJson({ bundle: outPath, hub: url, ...(code !== undefined ? { trace: code } : { logs }), bytes: body.length }));
  else if (outPath !== '-') say(f, io, `wrote ${outPath}: ${code !== undefined ? `the trace excerpt of ${code}` : `${logs.length} log(s) and the hub's authority logs`} from ${url} (${body.length} bytes); check it with suyuan verify ${outPath} --trust AUTHORITY.pub`);
  return EXIT.OK;
}
