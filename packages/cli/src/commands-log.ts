import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isSuyuanError, toHex, type EventInput } from '@suyuan/core';
import { isValidUscc } from '@suyuan/food';
import { ENROL_KIND, REVOKE_KIND, ROLES } from '@suyuan/verify';
import { FileLogStore, Ledger, SdkError, isAuthorityLog, isSdkError, writeKeyPair, type Appended } from 'suyuan';
import { optional, required, say, time, type Flags } from './args.js';
import { decodeLines, findDuplicates, parseEvents, type NumberedEvent } from './events.js';
import { readInput, syncDir } from './files.js';
import { CliError, EXIT, toJson, type Io } from './io.js';
import { loadPublicKey, loadSigner } from './keys.js';
import { withLedger } from './ledger.js';
import { progress } from './progress.js';
import { resumePoint } from './resume.js';
import { suiteOption } from './suite.js';

const taken = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** A name beside `path` for building it before it is moved into place. */
const scratch = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

function parentMustExist(path: string): void {
  if (!existsSync(dirname(resolve(path)))) throw new CliError('CLI_IO', `the directory ${dirname(path)} does not exist`, { errno: 'ENOENT', file: path });
}

/**
 * `keygen NAME`: NAME.key and NAME.pub, both or neither. Neither file is ever replaced: a
 * secret key lost is a log that can no longer be continued.
 */
export async function keygen(pos: string[], f: Flags, io: Io): Promise<number> {
  const keyPath = resolve(`${pos[0]!}.key`);
  const pubPath = resolve(`${pos[0]!}.pub`);
  for (const p of [keyPath, pubPath]) if (taken(p)) throw new CliError('CLI_EXISTS', `${pos[0]}${p.endsWith('.key') ? '.key' : '.pub'} exists; keygen never replaces a key: choose another NAME`, { file: p });
  parentMustExist(keyPath);
  const suite = suiteOption(f);
  let publicKey: Uint8Array;
  try {
    publicKey = await writeKeyPair(keyPath, pubPath, suite); // both or neither, never over a file
  } catch (e) {
    if (isSdkError(e, 'KEY_EXISTS')) throw new CliError('CLI_EXISTS', `${pos[0]}.key or .pub appeared meanwhile; nothing was written`, { file: keyPath });
    throw e;
  }
  if (f.json) io.out(toJson({ key: `${pos[0]}.key`, pub: `${pos[0]}.pub`, suite, publicKey: toHex(publicKey) }));
  else say(f, io, `wrote ${pos[0]}.key (secret, mode 0600) and ${pos[0]}.pub\n${suite} public key ${toHex(publicKey)}`);
  return EXIT.OK;
}

/** `init LOGDIR`: the whole log directory or none; an existing path is never reused. */
export async function init(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0]!;
  const enterprise = required(f, 'enterprise', 'USCC (统一社会信用代码)');
  if (!f.authority && !isValidUscc(enterprise)) throw new CliError('CLI_BAD_VALUE', `--enterprise ${enterprise} is not a valid 统一社会信用代码 (18 characters, with its check character)`, { option: 'enterprise', value: enterprise });
  if (taken(dir)) throw new CliError('CLI_EXISTS', `${dir} exists; init never reuses a path: give a new directory name`, { file: dir });
  parentMustExist(dir);
  const signer = loadSigner(required(f, 'key', 'KEYFILE'));
  const name = optional(f, 'name');
  const building = scratch(resolve(dir));
  let logId: Uint8Array;
  try {
    // An authority log says so in its genesis, so enrolments are never written into a business's log.
    const ledger = await Ledger.open({ store: await FileLogStore.open(building, { mode: 'sync' }), signer, enterprise, ...(name ? { name } : {}), authority: f.authority === true, checkpointOnClose: false });
    logId = ledger.logId;
    await ledger.close();
    if (taken(dir)) throw new CliError('CLI_EXISTS', `${dir} appeared meanwhile; nothing was written`, { file: dir });
    renameSync(building, resolve(dir));
    syncDir(dirname(resolve(dir)));
  } catch (e) {
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
  if (f.json) io.out(toJson({ log: dir, logId: toHex(logId), enterprise }));
  else say(f, io, `created ${dir}: log ${toHex(logId)} for ${enterprise}`);
  return EXIT.OK;
}

/**
 * `append LOGDIR EVENTS`: every event or none (validation); duplicates of recorded events
 * refused. With --resume, the input's leading events that are already the log's last records
 * (an append cut short) are skipped and the rest appended.
 */
export async function append(pos: string[], f: Flags, io: Io): Promise<number> {
  const [dir, source] = pos as [string, string];
  const events = parseEvents(decodeLines(await readInput(source, io), optional(f, 'encoding')));
  const { logId, appended, skipped } = await appendToLog(dir, events, f, io, 'line', (ledger, rest) => appendAll(ledger, rest.map((e) => e.event)), f.resume === true);
  const out = appended.map((r) => ({ seq: r.seq, leafHash: toHex(r.leafHash) }));
  if (f.json) io.out(toJson({ logId: toHex(logId), ...(f.resume === true ? { skipped } : {}), appended: out }));
  else {
    if (f.resume === true) say(f, io, `skipped ${skipped} event${skipped === 1 ? '' : 's'} already at the end of the log (lines 1..${skipped} of the input)`);
    say(f, io, `appended ${out.length} records to ${dir}${out.length > 0 ? ` (seq ${out[0]!.seq}..${out[out.length - 1]!.seq})` : ''}; log id ${toHex(logId)}`);
  }
  return EXIT.OK;
}

/** One batch, all or nothing; a refusal by the log is CLI_REJECTED with its reason. */
export async function appendAll(ledger: Ledger, events: EventInput[]): Promise<Appended[]> {
  try {
    return await ledger.appendRecords(events);
  } catch (e) {
    if (isSuyuanError(e)) throw new CliError('CLI_REJECTED', `nothing was written: ${e.message}`, { reason: e.code, ...(e.seq !== undefined ? { seq: e.seq } : {}), ...(e.path !== undefined ? { path: e.path } : {}) });
    throw e;
  }
}

/**
 * The checks every append passes before `write` appends (`suyuan append`, `suyuan import`):
 * authority records only in an authority log, and no event already recorded or given twice
 * (unless --allow-duplicates). `unit` names what `NumberedEvent.line` counts, for messages.
 * With `resume`, the input's leading events that are already the log's last records are
 * skipped (`write` gets the rest); any other event already recorded means the input does not
 * line up with the log, and nothing is written (CLI_RESUME_MISMATCH).
 */
export async function appendToLog(dir: string, events: NumberedEvent[], f: Flags, io: Io, unit: string, write: (ledger: Ledger, rest: NumberedEvent[]) => Promise<Appended[]>, resume = false): Promise<{ logId: Uint8Array; appended: Appended[]; skipped: number }> {
  return withLedger(dir, required(f, 'key', 'KEYFILE'), 'batched', async (ledger, store) => {
    const authority = events.find((e) => e.event.kind.startsWith('authority.'));
    if (authority !== undefined && !(await isAuthorityLog(store))) throw notAuthorityLog(dir, `${unit} ${authority.line}: ${authority.event.kind}`);
    const skipped = resume ? await resumePoint(store, events) : 0;
    const rest = events.slice(skipped);
    if (!f['allow-duplicates']) {
      const p = progress(f, io);
      const duplicates = await findDuplicates(store, rest, (done, total) => p.update(`checking for duplicates: ${done}/${total} records`, done === total));
      p.done();
      if (duplicates.length > 0) {
        const notes = duplicates.map((d) => ('seq' in d ? `${unit} ${d.line}: already in the log as record ${d.seq}` : `${unit} ${d.line}: the same event as ${unit} ${d.earlierLine}`));
        if (resume) throw new CliError('CLI_RESUME_MISMATCH', `the input does not line up with the end of the log: ${skipped} leading event${skipped === 1 ? ' is' : 's are'} the log's last records, but ${duplicates.length} other${duplicates.length === 1 ? ' is' : 's are'} already recorded elsewhere; nothing was written. --resume skips only an unbroken run at the log's end, so that no new event is skipped`, { skipped, duplicates }, notes);
        throw new CliError('CLI_DUPLICATE_EVENT', `${duplicates.length} event${duplicates.length === 1 ? ' is' : 's are'} already recorded; nothing was written. Events that really are new but look the same need something that tells them apart (a bizTransactions id, a traceCode, ext.eventId); an append cut short is continued with --resume; or pass --allow-duplicates`, { duplicates }, notes);
      }
    }
    try {
      return { logId: ledger.logId, appended: resume && rest.length === 0 ? [] : await write(ledger, rest), skipped };
    } catch (e) {
      if (isSdkError(e, 'LEDGER_NOT_AUTHORITY')) throw notAuthorityLog(dir, unit); // checked above; a log that changed meanwhile
      throw e;
    }
  });
}

export async function checkpoint(pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = pos[0]!;
  const cp = await withLedger(dir, required(f, 'key', 'KEYFILE'), 'sync', (ledger) => ledger.checkpoint());
  if (f.json) io.out(toJson({ logId: cp.logId, size: cp.size, root: cp.root, time: cp.time, signature: cp.signature }));
  else say(f, io, `checkpoint of ${dir}: ${cp.size} records, root ${toHex(cp.root)}`);
  return EXIT.OK;
}

/**
 * An authority enrols a business's key (then checkpoints, so the enrolment counts at once).
 * Without --valid-from the key is valid for records of any date: a business often keeps its
 * log before it is enrolled, and dating validity from now would invalidate those records.
 */
export async function enroll(pos: string[], f: Flags, io: Io): Promise<number> {
  const roles = required(f, 'roles', 'ROLE[,ROLE…]').split(',').map((r) => r.trim());
  for (const r of roles) if (!ROLES.includes(r)) throw new CliError('CLI_BAD_VALUE', `unknown role ${r}; roles: ${ROLES.join(', ')}`, { option: 'roles', value: r });
  const enterprise = required(f, 'enterprise', 'USCC (统一社会信用代码)');
  // Required: a verifier names the business by this name, and compares the log's own genesis name with it.
  const name = required(f, 'name', 'NAME (the member\'s registered name, as verifiers will show it)');
  if (!isValidUscc(enterprise)) throw new CliError('CLI_BAD_VALUE', `--enterprise ${enterprise} is not a valid 统一社会信用代码 (18 characters, with its check character)`, { option: 'enterprise', value: enterprise });
  const validFrom = time(f, 'valid-from') ?? 0;
  const validUntil = time(f, 'valid-until');
  if (validUntil !== undefined && validUntil <= validFrom) throw new CliError('CLI_BAD_VALUE', '--valid-until must be later than --valid-from', { option: 'valid-until' });
  const body = {
    key: loadPublicKey(required(f, 'pub', 'MEMBER.pub'), '--pub'), enterprise, name, roles, validFrom,
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
  const from = validFrom === 0 ? 'for records of any date (--valid-from sets a start)' : `from ${new Date(validFrom).toISOString()}`;
  const until = validUntil === undefined ? '' : ` until ${new Date(validUntil).toISOString()}`;
  return authorityRecord(pos[0]!, f, io, ENROL_KIND, body, `enrolled ${enterprise} as ${roles.join(', ')}, valid ${from}${until}`);
}

export async function revoke(pos: string[], f: Flags, io: Io): Promise<number> {
  const body = { key: loadPublicKey(required(f, 'pub', 'MEMBER.pub'), '--pub'), at: time(f, 'at') ?? Date.now(), reason: optional(f, 'reason') ?? 'revoked' };
  return authorityRecord(pos[0]!, f, io, REVOKE_KIND, body, `revoked the key from ${new Date(body.at).toISOString()}`);
}

async function authorityRecord(dir: string, f: Flags, io: Io, kind: string, body: Record<string, unknown>, what: string): Promise<number> {
  const { r, cp } = await withLedger(dir, required(f, 'key', 'AUTHORITY.key'), 'sync', async (ledger) => {
    try {
      const [r] = await ledger.appendRecords([{ kind, body }]);
      return { r: r!, cp: await ledger.checkpoint() };
    } catch (e) {
      if (isSdkError(e, 'LEDGER_NOT_AUTHORITY')) throw notAuthorityLog(dir, kind);
      // The SDK's codes, in the command line's words (exit 1: the input is refused).
      if (isSdkError(e, 'ENROL_DUPLICATE')) throw new SdkError('ENROL_DUPLICATE', `${dir} already enrolls this key exactly so (same enterprise, name, roles and validity): nothing recorded; to change the enrolment, give what changes`, { file: dir });
      if (isSdkError(e, 'ENROL_OWN_KEY')) throw new SdkError('ENROL_OWN_KEY', '--pub is the authority\'s own public key: an authority is trusted by its key (verify --trust), not enrolled as a member; nothing recorded', { path: '--pub' });
      throw e;
    }
  });
  if (f.json) io.out(toJson({ seq: r.seq, checkpoint: cp.size, ...body }));
  else say(f, io, `${what} (record ${r.seq}; checkpoint at ${cp.size})`);
  return EXIT.OK;
}

function notAuthorityLog(dir: string, what: string): CliError {
  return new CliError('CLI_NOT_AUTHORITY_LOG', `${what}: ${dir} is not an authority log (made with suyuan init --authority); enrolments and revocations are written only there`, { file: dir });
}
