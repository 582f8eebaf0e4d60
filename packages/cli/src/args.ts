import { parseArgs } from 'node:util';
import { CliError, type Io } from './io.js';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** What the value is, for help: FILE, DIR, N, ISO… */
  value?: string;
  help: string;
}

/** One command: what it takes, what it does, how people use it. */
export interface CommandSpec {
  /** Arguments after the command name, for the usage line. */
  usage: string;
  /** One line, for the general help. */
  summary: string;
  /** What it does, in full. */
  help: string;
  positionals: { min: number; max: number; names: string };
  options: Record<string, OptionSpec>;
  examples: string[];
  run(pos: string[], f: Flags, io: Io): Promise<number>;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print JSON on stdout (errors too: {"error": {"code", "message", …}})' },
  quiet: { type: 'boolean', short: 'q', help: 'print nothing on success (no progress, no summary); the exit code says it' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

/** Parses a command's arguments strictly: unknown options, missing or extra arguments are refused. */
export function parseCommand(name: string, spec: CommandSpec, args: string[]): { pos: string[]; flags: Flags } {
  const options = Object.fromEntries(Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).map(([k, o]) => [k, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]));
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = (e as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError('CLI_UNKNOWN_OPTION', `${message} (suyuan help ${name} lists the options)`, { command: name });
    throw new CliError('CLI_BAD_VALUE', message, { command: name });
  }
  const flags = parsed.values as Flags;
  const pos = parsed.positionals;
  if (flags.help) return { pos, flags };
  if (pos.length < spec.positionals.min) throw new CliError('CLI_MISSING_ARGUMENT', `${name} needs ${spec.positionals.names}`, { command: name });
  if (pos.length > spec.positionals.max) throw new CliError('CLI_EXTRA_ARGUMENT', `unexpected argument ${JSON.stringify(pos[spec.positionals.max])}: ${name} takes ${spec.positionals.names}`, { command: name, argument: pos[spec.positionals.max] });
  return { pos, flags };
}

/** A string option's value, or undefined. An empty value is refused. */
export function optional(f: Flags, name: string): string | undefined {
  const v = f[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new CliError('CLI_BAD_VALUE', `--${name} needs a value`, { option: name });
  return v;
}

export function required(f: Flags, name: string, what: string): string {
  const v = optional(f, name);
  if (v === undefined) throw new CliError('CLI_MISSING_ARGUMENT', `--${name} ${what} is required`, { option: name });
  return v;
}

/** Every value of a repeatable option. */
export function list(f: Flags, name: string): string[] {
  const v = f[name];
  const all = v === undefined || typeof v === 'boolean' ? [] : Array.isArray(v) ? v : [v];
  for (const x of all) if (x.length === 0) throw new CliError('CLI_BAD_VALUE', `--${name} needs a value`, { option: name });
  return all;
}

/** A whole number option within [min, max]. */
export function integer(f: Flags, name: string, min: number, max: number): number | undefined {
  const v = f[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError('CLI_BAD_VALUE', `--${name} ${JSON.stringify(v)}: give a whole number from ${min} to ${max}`, { option: name, value: v, min, max });
  return n;
}

/** A date or time option, as milliseconds since 1970. */
export function time(f: Flags, name: string): number | undefined {
  const v = optional(f, name);
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new CliError('CLI_BAD_VALUE', `--${name} ${v} is not a date or time (e.g. 2025-11-26 or 2025-11-26T08:00:00+08:00)`, { option: name, value: v });
  return t;
}

/** Output for people, unless --json or --quiet. */
export const say = (f: Flags, io: Io, text: string): void => {
  if (!f.json && !f.quiet) io.out(text);
};
