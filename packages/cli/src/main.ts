import { isSuyuanError } from '@suyuan/core';
import { BundleReadError } from '@suyuan/verify';
import { isSdkError } from 'suyuan';
import { parseCommand } from './args.js';
import { COMMANDS } from './commands.js';
import { eventsHelp } from './event-samples.js';
import { commandHelp, generalHelp, version } from './help.js';
import { CliError, EXIT, processIo, toJson, type Io } from './io.js';

/** Runs one command line; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const json = argv.includes('--json');
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.err(generalHelp());
      return EXIT.USAGE;
    }
    if (name === '--version' || name === '-V' || name === 'version') {
      io.out(json ? toJson({ version: version() }) : version());
      return EXIT.OK;
    }
    if (name === '--help' || name === '-h') {
      io.out(generalHelp());
      return EXIT.OK;
    }
    if (name === 'help') return help(rest.filter((a) => a !== '--json'), io);
    const command = COMMANDS[name];
    if (command === undefined) throw new CliError('CLI_UNKNOWN_COMMAND', `unknown command ${name}; suyuan help lists them`, { command: name });
    const { pos, flags } = parseCommand(name, command, rest);
    if (flags.help) {
      io.out(commandHelp(name, command));
      return EXIT.OK;
    }
    return await command.run(pos, flags, io);
  } catch (e) {
    return reportError(e, name, json, io);
  }
}

function help(topics: string[], io: Io): number {
  const [topic, more] = topics;
  if (topic === undefined) {
    io.out(generalHelp());
    return EXIT.OK;
  }
  if (topic === 'events') {
    const text = eventsHelp(more);
    if (text === undefined) throw new CliError('CLI_NOT_FOUND', `no event kind ${more}; suyuan help events lists them`, { kind: more });
    io.out(text);
    return EXIT.OK;
  }
  const command = COMMANDS[topic];
  if (command === undefined) throw new CliError('CLI_UNKNOWN_COMMAND', `no command ${topic}; suyuan help lists them`, { command: topic });
  io.out(commandHelp(topic, command));
  return EXIT.OK;
}

/** Every failure as one error with a code: JSON on stdout with --json, a line on stderr otherwise. */
function reportError(e: unknown, name: string | undefined, json: boolean, io: Io): number {
  const error = asCliError(e);
  if (json) {
    io.out(toJson({ error: { code: error.code, message: error.message, ...error.details } }));
  } else {
    for (const n of error.notes) io.err(n);
    io.err(`error: ${error.message} [${error.code}]`);
    const command = name === undefined ? undefined : COMMANDS[name];
    if (error.isUsage && command !== undefined) io.err(`usage: suyuan ${name} ${command.usage}\n(suyuan help ${name} for more)`);
  }
  return error.exit;
}

/** The code is shown once, after the message: not also before it (library messages start with it, a re-thrown one twice). */
const withoutCode = (e: { code: string; message: string }) => e.message.replace(new RegExp(`^(${e.code}: )+`), '');

/** Library errors keep their codes; system errors become CLI_IO with their errno. */
function asCliError(e: unknown): { code: string; message: string; details: Record<string, unknown>; notes: string[]; exit: number; isUsage: boolean } {
  if (e instanceof CliError) return e;
  if (e instanceof BundleReadError) return { code: e.code, message: e.message, details: {}, notes: [], exit: EXIT.USAGE, isUsage: false };
  if (isSuyuanError(e)) {
    const where = Object.fromEntries(Object.entries({ file: e.file, path: e.path, seq: e.seq, offset: e.offset }).filter(([, v]) => v !== undefined));
    // Damage found in stored data is a verdict on the input (exit 1), not a usage or I/O problem.
    return { code: e.code, message: withoutCode(e), details: where, notes: [], exit: e.code === 'STORE_CORRUPT' ? EXIT.INVALID : EXIT.USAGE, isUsage: false };
  }
  if (isSdkError(e)) {
    const where = Object.fromEntries(Object.entries({ file: e.file, path: e.path, index: e.index }).filter(([, v]) => v !== undefined));
    // An event the SDK refused is a verdict on the input (exit 1), like the command line's own checks.
    const refused = e.code.startsWith('FOOD_') || e.code.startsWith('ENROL_') || e.code === 'LEDGER_NOT_AUTHORITY';
    return { code: e.code, message: withoutCode(e), details: where, notes: e.problems.slice(1).map((p) => `  ${p.code}${p.path ? ` at ${p.path}` : ''}: ${p.message}`), exit: refused ? EXIT.INVALID : EXIT.USAGE, isUsage: false };
  }
  const errno = e as NodeJS.ErrnoException;
  if (typeof errno?.code === 'string' && typeof errno.syscall === 'string') {
    const file = errno.path;
    const why = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'not a directory', ENOSPC: 'no space left on the device', EEXIST: 'already exists' }[errno.code] ?? errno.code;
    return { code: 'CLI_IO', message: `${file ?? errno.syscall}: ${why}`, details: { errno: errno.code, ...(file ? { file } : {}) }, notes: [], exit: EXIT.USAGE, isUsage: false };
  }
  return { code: 'CLI_INTERNAL', message: `unexpected error (a bug: please report it): ${(e as Error)?.stack ?? String(e)}`, details: {}, notes: [], exit: EXIT.USAGE, isUsage: false };
}
