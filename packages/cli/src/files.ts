import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, readSync, readdirSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { BUNDLE_TAG } from '@suyuan/verify';
import { CliError, type Io } from './io.js';

/** Reads a whole file, or standard input for `-`. */
export async function readInput(path: string, io: Io): Promise<Uint8Array> {
  if (path === '-') {
    if (io.stdin === undefined) throw new CliError('CLI_BAD_VALUE', 'standard input is not available here');
    return io.stdin();
  }
  return new Uint8Array(readFileSync(path));
}

// A bundle starts with its header item: a CBOR array of 3 whose first element is the text "suyuan-bundle".
const BUNDLE_MAGIC = Buffer.concat([Buffer.from([0x83, 0x60 + BUNDLE_TAG.length]), Buffer.from(BUNDLE_TAG)]);

function notABundle(path: string, why: string): CliError {
  return new CliError('CLI_NOT_A_BUNDLE', `${path} is not a Suyuan bundle: ${why}`, { file: path });
}

/**
 * A bundle to read: its path, or its bytes when it comes on standard input. Anything that
 * does not start with a bundle header is refused here, before any verdict.
 */
export async function openBundle(path: string, io: Io): Promise<string | Uint8Array> {
  let head: Buffer;
  let input: string | Uint8Array = path;
  if (path === '-') {
    input = await readInput(path, io);
    head = Buffer.from(input.subarray(0, BUNDLE_MAGIC.length));
  } else {
    if (existsSync(path) && statSync(path).isDirectory()) throw notABundle(path, 'it is a directory (a log directory? `suyuan export` makes a bundle of it; `suyuan inspect` reads it)');
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(BUNDLE_MAGIC.length);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  }
  if (head.length === 0) throw notABundle(path, 'it is empty');
  if (!head.equals(BUNDLE_MAGIC)) throw notABundle(path, 'it does not start with a bundle header (`suyuan export` makes bundles)');
  return input;
}

/** What a command reads, so that it never writes over it. */
export type Inputs = { files?: string[]; dirs?: string[] };

function identity(s: Stats): string {
  return `${s.dev}:${s.ino}`;
}

/** Every file under a directory (a log directory is small: segments, an index, checkpoints). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
}

/**
 * Refuses an output path that is, or lies inside, one of the command's inputs, whatever the
 * name it is given by (a symbolic or hard link is the same file): even --force does not
 * let a command destroy what it is reading.
 */
function refuseInputs(out: string, inputs: Inputs): void {
  const target = existsSync(out) ? identity(statSync(out)) : undefined;
  const realParent = realpathSync(dirname(out));
  const realOut = join(realParent, basename(out));
  const same = (what: string) => new CliError('CLI_OUTPUT_IS_INPUT', `${out} is ${what} this command reads; choose another output`, { file: out, input: what });
  for (const f of inputs.files ?? []) {
    if (f === '-' || !existsSync(f)) continue;
    if (target !== undefined && identity(statSync(f)) === target) throw same(`the same file as ${f}, which`);
  }
  for (const d of inputs.dirs ?? []) {
    if (!existsSync(d)) continue;
    const realDir = realpathSync(d);
    if (realOut === realDir || realOut.startsWith(realDir + sep)) throw same(`inside the log directory ${d}, which`);
    if (target !== undefined && filesUnder(d).some((f) => identity(statSync(f)) === target)) throw same(`a file of the log directory ${d}, which`);
  }
}

/**
 * Where a command writes a file: standard output for `-`; otherwise a temporary file beside
 * the target, moved into place only once it is whole. An existing file is replaced only
 * with --force; a directory, or one of the command's inputs, never.
 */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
};

/**
 * Temporary files of our own naming (`.NAME.PID-8hex.tmp`) beside `abs` whose process is gone:
 * what an earlier run killed part-way left (a 17 MB bundle, say). A live writer's are kept.
 */
function removeStaleTemps(abs: string): void {
  const mine = new RegExp(`^\\.${basename(abs).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)-[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dirname(abs));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(mine.exec(n)?.[1]);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(dirname(abs), n), { force: true });
  }
}

export class Output {
  private constructor(readonly path: string, readonly tmp: string | undefined, private readonly force: boolean) {}

  static plan(path: string, opts: { force: boolean; inputs: Inputs }): Output {
    if (path === '-') return new Output(path, undefined, false);
    const abs = resolve(path);
    if (!existsSync(dirname(abs))) throw new CliError('CLI_IO', `cannot write ${path}: the directory ${dirname(path)} does not exist`, { errno: 'ENOENT', file: path });
    refuseInputs(abs, opts.inputs);
    const existing = lstatOrUndefined(abs);
    if (existing?.isDirectory()) throw new CliError('CLI_EXISTS', `${path} is a directory; give a file name`, { file: path });
    if (existing !== undefined) refuseSecretKey(abs, path);
    if (existing !== undefined && !opts.force) throw new CliError('CLI_EXISTS', `${path} exists; pass --force to replace it`, { file: path });
    removeStaleTemps(abs);
    return new Output(abs, join(dirname(abs), `.${basename(abs)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`), opts.force);
  }

  get toStdout(): boolean {
    return this.tmp === undefined;
  }

  /** Moves the finished temporary file into place (never over a file that appeared meanwhile, unless --force). */
  commit(): void {
    if (this.tmp === undefined) return;
    const fd = openSync(this.tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (this.force) {
      try {
        refuseSecretKey(this.path, this.path); // a key may have been put there meanwhile
      } catch (e) {
        this.abort();
        throw e;
      }
      renameSync(this.tmp, this.path);
    }
    else {
      try {
        linkSync(this.tmp, this.path); // fails if the name was taken meanwhile
      } catch (e) {
        this.abort();
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError('CLI_EXISTS', `${this.path} appeared while it was being written; pass --force to replace it`, { file: this.path });
        throw e;
      }
      rmSync(this.tmp, { force: true });
    }
    syncDir(dirname(this.path));
  }

  abort(): void {
    if (this.tmp !== undefined) rmSync(this.tmp, { force: true });
  }

  /** Runs `write` against the temporary file, then commits; on any failure nothing is left. */
  async run<T>(write: (o: Output) => Promise<T> | T): Promise<T> {
    try {
      const result = await write(this);
      this.commit();
      return result;
    } catch (e) {
      this.abort();
      throw e;
    }
  }
}

// Any PEM private key block (PKCS#8 as Suyuan writes it, or OpenSSL's EC, RSA, ENCRYPTED, OPENSSH forms).
const SECRET_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
// A key file is a few hundred bytes; its block is at the start of the file.
const KEY_SNIFF_BYTES = 64 * 1024;

/** Whether a file (followed through links) holds a secret key; unreadable files are left to the write to report. */
function holdsSecretKey(path: string): boolean {
  let fd: number;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(KEY_SNIFF_BYTES);
    const n = readSync(fd, head, 0, head.length, 0);
    return SECRET_KEY_PEM.test(head.subarray(0, n).toString('latin1'));
  } finally {
    closeSync(fd);
  }
}

/** Even --force never replaces a secret key: it cannot be made again, and the log it signs would be orphaned. */
function refuseSecretKey(abs: string, shown: string): void {
  if (holdsSecretKey(abs)) throw new CliError('CLI_WOULD_DESTROY_KEY', `${shown} holds a secret key; it is never replaced, even with --force. Choose another output`, { file: shown });
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Makes a rename or link durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * When an output says it was made: now, or SOURCE_DATE_EPOCH (seconds, the reproducible-builds
 * convention) when set, so the same logs can give byte-identical bundles and documents.
 */
export function createdTime(): number {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return Date.now();
  if (!/^\d{1,15}$/.test(epoch)) throw new CliError('CLI_BAD_VALUE', `SOURCE_DATE_EPOCH=${epoch}: seconds since 1970 (digits only)`, { env: 'SOURCE_DATE_EPOCH', value: epoch });
  return Number(epoch) * 1000;
}
