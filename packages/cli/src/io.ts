/** Where a command writes: results to `out` (stdout), progress and errors to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw bytes to stdout (`--out -`); without it, `out` gets them as latin1 text. */
  write?(bytes: Uint8Array): void;
  /** Standard input, whole (`-` where a file is read). */
  stdin?(): Promise<Uint8Array>;
  /** Whether stderr is a terminal: progress is shown only then. */
  tty?: boolean;
  /** A progress line on the terminal, rewritten in place; '' clears it. Defaults to `err`. */
  status?(text: string): void;
}

let stdoutClosed = false;
let stderrClosed = false;

/**
 * A reader that stops early (`suyuan demo | head -1`) closes the pipe: further output is
 * dropped and the command completes, so nothing it was making is left half-made.
 */
export function handleClosedPipes(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stderrClosed = true;
  });
}

const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);

export const processIo: Io = {
  out: (t) => { if (!stdoutClosed) process.stdout.write(line(t)); },
  err: (t) => { if (!stderrClosed) process.stderr.write(line(t)); },
  write: (b) => { if (!stdoutClosed) process.stdout.write(b); },
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  },
  tty: process.stderr.isTTY === true,
  status: (t) => { if (!stderrClosed) process.stderr.write(`\r\x1b[K${t}`); },
};

/** Bytes to standard output (`--out -`). */
export function writeBytes(io: Io, bytes: Uint8Array): void {
  if (io.write) io.write(bytes);
  else io.out(Buffer.from(bytes).toString('latin1'));
}

/** Exit codes: 0 valid / done, 1 invalid or refused input, 2 usage or I/O error, 3 valid but unsigned. */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, UNSIGNED: 3 } as const;

/** Codes of the command line's own errors (library errors keep their own codes). */
export const CLI_CODES = [
  'CLI_UNKNOWN_COMMAND', 'CLI_UNKNOWN_OPTION', 'CLI_MISSING_ARGUMENT', 'CLI_EXTRA_ARGUMENT', 'CLI_BAD_VALUE',
  'CLI_EXISTS', 'CLI_OUTPUT_IS_INPUT', 'CLI_WOULD_DESTROY_KEY', 'CLI_NOT_EMPTY', 'CLI_IO', 'CLI_NOT_A_BUNDLE', 'CLI_WRONG_KEY_TYPE',
  'CLI_NOT_FOUND', 'CLI_ENCODING', 'CLI_BAD_EVENTS', 'CLI_DUPLICATE_EVENT', 'CLI_RESUME_MISMATCH', 'CLI_REJECTED', 'CLI_NOT_AUTHORITY_LOG', 'CLI_INVALID_BUNDLE', 'CLI_LOG_NOT_VERIFIED', 'CLI_UNSIGNED_ONLY', 'CLI_INTERNAL',
] as const;
export type CliCode = (typeof CLI_CODES)[number];

const USAGE_CODES: ReadonlySet<CliCode> = new Set(['CLI_UNKNOWN_COMMAND', 'CLI_UNKNOWN_OPTION', 'CLI_MISSING_ARGUMENT', 'CLI_EXTRA_ARGUMENT', 'CLI_BAD_VALUE']);
const REFUSED_INPUT: ReadonlySet<CliCode> = new Set(['CLI_NOT_FOUND', 'CLI_ENCODING', 'CLI_BAD_EVENTS', 'CLI_DUPLICATE_EVENT', 'CLI_RESUME_MISMATCH', 'CLI_REJECTED', 'CLI_NOT_AUTHORITY_LOG', 'CLI_INVALID_BUNDLE', 'CLI_LOG_NOT_VERIFIED']);

/** An error a command reports: a stable code, a message for people, details for scripts. */
export class CliError extends Error {
  readonly exit: number;
  /** `notes`: lines printed before the message in text mode (e.g. every bad line of a file). */
  constructor(readonly code: CliCode, message: string, readonly details: Record<string, unknown> = {}, readonly notes: string[] = []) {
    super(message);
    // What is asked for is only in records no checkpoint covers: exit as an unsigned verdict does.
    this.exit = code === 'CLI_UNSIGNED_ONLY' ? EXIT.UNSIGNED : REFUSED_INPUT.has(code) ? EXIT.INVALID : EXIT.USAGE;
  }

  /** Whether the command's usage line helps (the arguments were wrong, not the files). */
  get isUsage(): boolean {
    return USAGE_CODES.has(this.code);
  }
}

/** JSON with byte strings as hex and bigints as strings. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? Buffer.from(x).toString('hex') : typeof x === 'bigint' ? x.toString() : x), 2);
}
