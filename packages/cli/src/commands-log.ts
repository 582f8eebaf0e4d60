import { existsSync, readFileSync } from 'node:fs';
import { fromHex, generateSecretKey, isSuyuanError, toHex, type EventInput, type RecordRef } from '@suyuan/core';
import { isFoodKind, isValidUscc, validateEvent } from '@suyuan/food';
import { DurableLog, FileLogStore, readPublicKeyFile, readSecretKeyFile, writePublicKeyFile, writeSecretKeyFile } from '@suyuan/store';
import { ENROL_KIND, REVOKE_KIND, ROLES } from '@suyuan/verify';
import { EXIT, UsageError, toJson, type Io } from './io.js';

type Flags = Record<string, string | boolean | string[] | undefined>;

const str = (f: Flags, name: string, required = true): string => {
  const v = f[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (required) throw new UsageError(`--${name} is required`);
  return '';
};

export async function keygen(pos: string[], f: Flags, io: Io): Promise<number> {
  const base = pos[0] ?? str(f, 'out');
  const secret = generateSecretKey();
  writeSecretKeyFile(`${base}.key`, secret);
  const pub = readSecretKeyFile(`${base}.key`).publicKey;
  writePublicKeyFile(`${base}.pub`, pub);
  secret.fill(0);
  if (f.json) io.out(toJson({ key: `${base}.key`, pub: `${base}.pub`, publicKey: toHex(pub) }));
  else io.out(`wrote ${base}.key (secret, mode 0600) and ${base}.pub\npublic key ${toHex(pub)}`);
  return EXIT.OK;
}

export async function init(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0] ?? str(f, 'log');
  const enterprise = str(f, 'enterprise');
  if (!f.authority && !isValidUscc(enterprise)) throw new UsageError(`--enterprise ${enterprise} is not a valid 统一社会信用代码`);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists`);
  const store = await FileLogStore.open(dir, { mode: 'sync' });
  const name = typeof f.name === 'string' ? f.name : undefined;
  const log = await DurableLog.create(store, readSecretKeyFile(str(f, 'key')), { enterprise, meta: name ? { name } : {} });
  await log.close();
  if (f.json) io.out(toJson({ log: dir, logId: toHex(log.logId), enterprise }));
  else io.out(`created ${dir}: log ${toHex(log.logId)} for ${enterprise}`);
  return EXIT.OK;
}

interface JsonEvent {
  kind?: unknown;
  body?: unknown;
  refs?: unknown;
  time?: unknown;
}

/** Reads JSON Lines into events, reporting every bad line; nothing is written unless all are good. */
function parseEvents(text: string, io: Io): EventInput[] | undefined {
  const events: EventInput[] = [];
  let bad = 0;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const report = (msg: string) => { bad++; io.err(`line ${i + 1}: ${msg}`); };
    let e: JsonEvent;
    try {
      e = JSON.parse(line) as JsonEvent;
    } catch (err) {
      return report(`not JSON: ${(err as Error).message}`);
    }
    if (typeof e.kind !== 'string') return report('needs a "kind"');
    if (e.body === null || typeof e.body !== 'object' || Array.isArray(e.body)) return report('needs a "body" object');
    if (isFoodKind(e.kind) || e.kind.startsWith('food.')) {
      const problems = validateEvent(e.kind, e.body);
      for (const p of problems) report(`${p.code} at ${p.path || '(body)'}: ${p.message}`);
      if (problems.length > 0) return;
    }
    const refs: RecordRef[] = [];
    if (e.refs !== undefined) {
      if (!Array.isArray(e.refs)) return report('"refs" is a list of { logId, seq, leafHash }');
      for (const r of e.refs as { logId?: unknown; seq?: unknown; leafHash?: unknown }[]) {
        if (typeof r?.logId !== 'string' || !/^[0-9a-f]{64}$/.test(r.logId) || typeof r.seq !== 'number' || typeof r.leafHash !== 'string' || !/^[0-9a-f]{64}$/.test(r.leafHash)) {
          return report('a ref is { "logId": 64 hex, "seq": number, "leafHash": 64 hex }');
        }
        refs.push({ logId: fromHex(r.logId), seq: r.seq, leafHash: fromHex(r.leafHash) });
      }
    }
    events.push({ kind: e.kind, body: e.body as Record<string, unknown>, refs, ...(typeof e.time === 'number' ? { time: e.time } : {}) });
  });
  return bad > 0 ? undefined : events;
}

export async function append(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0] ?? str(f, 'log');
  const source = pos[1] ?? '-';
  const text = source === '-' ? await io.stdin() : readFileSync(source, 'utf8');
  const events = parseEvents(text, io);
  if (events === undefined) {
    io.err('nothing was written: fix the lines above and run again');
    return EXIT.INVALID;
  }
  const store = await FileLogStore.open(dir, { create: false, mode: 'batched' });
  try {
    const log = await DurableLog.open(store, readSecretKeyFile(str(f, 'key')));
    let appended;
    try {
      appended = await log.appendBatch(events);
    } catch (e) {
      if (isSuyuanError(e)) { io.err(`nothing was written: ${e.message}`); return EXIT.INVALID; }
      throw e;
    }
    const out = appended.map((r) => ({ seq: r.seq, leafHash: toHex(r.leafHash) }));
    if (f.json) io.out(toJson({ logId: toHex(log.logId), appended: out }));
    else io.out(`appended ${out.length} records to ${dir}${out.length > 0 ? ` (seq ${out[0]!.seq}..${out[out.length - 1]!.seq})` : ''}; log id ${toHex(log.logId)}`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

export async function checkpoint(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0] ?? str(f, 'log');
  const store = await FileLogStore.open(dir, { create: false });
  try {
    const cp = await (await DurableLog.open(store, readSecretKeyFile(str(f, 'key')))).checkpoint();
    if (f.json) io.out(toJson({ logId: cp.logId, size: cp.size, root: cp.root, time: cp.time, signature: cp.signature }));
    else io.out(`checkpoint of ${dir}: ${cp.size} records, root ${toHex(cp.root)}`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

const ms = (iso: string, name: string) => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new UsageError(`--${name} ${iso} is not a date or time`);
  return t;
};

/** An authority enrols a business's key (then checkpoints, so the enrolment counts at once). */
export async function enroll(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0] ?? str(f, 'log');
  const roles = str(f, 'roles').split(',').map((r) => r.trim());
  for (const r of roles) if (!ROLES.includes(r)) throw new UsageError(`unknown role ${r}; roles: ${ROLES.join(', ')}`);
  const enterprise = str(f, 'enterprise');
  if (!isValidUscc(enterprise)) throw new UsageError(`--enterprise ${enterprise} is not a valid 统一社会信用代码`);
  const body = {
    key: readPublicKeyFile(str(f, 'pub')), enterprise, name: typeof f.name === 'string' ? f.name : enterprise, roles,
    validFrom: typeof f['valid-from'] === 'string' ? ms(f['valid-from'], 'valid-from') : Date.now(),
    ...(typeof f['valid-until'] === 'string' ? { validUntil: ms(f['valid-until'], 'valid-until') } : {}),
  };
  return authorityRecord(dir, f, io, ENROL_KIND, body, `enrolled ${enterprise} as ${roles.join(', ')}`);
}

export async function revoke(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0] ?? str(f, 'log');
  const body = { key: readPublicKeyFile(str(f, 'pub')), at: typeof f.at === 'string' ? ms(f.at, 'at') : Date.now(), reason: typeof f.reason === 'string' ? f.reason : 'revoked' };
  return authorityRecord(dir, f, io, REVOKE_KIND, body, 'revoked the key');
}

async function authorityRecord(dir: string, f: Flags, io: Io, kind: string, body: Record<string, unknown>, what: string): Promise<number> {
  const store = await FileLogStore.open(dir, { create: false });
  try {
    const log = await DurableLog.open(store, readSecretKeyFile(str(f, 'key')));
    const r = await log.append({ kind, body });
    const cp = await log.checkpoint();
    if (f.json) io.out(toJson({ seq: r.seq, checkpoint: cp.size }));
    else io.out(`${what} (record ${r.seq}; checkpoint at ${cp.size})`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}
