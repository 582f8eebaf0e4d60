import { readFileSync } from 'node:fs';
import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './args.js';
import { COMMANDS } from './commands.js';

/** The package's version (its package.json sits one level above both src/ and dist/). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const EXIT_CODES = 'exit codes: 0 done (verify, trace, recall, report: valid), 1 invalid (even with --unverified) or refused input, 2 usage error or unreadable input, 3 valid but unsigned records (left out of answers)';

/** `suyuan help`: every command in a line. */
export function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'suyuan — food traceability logs, bundles and verification',
    '',
    'usage: suyuan COMMAND [ARGUMENTS] [--json] [-q]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'suyuan help COMMAND (or suyuan COMMAND --help) for one command; suyuan help events for event bodies.',
    'Every command takes --json (results and errors as JSON on stdout) and -q (quiet). - reads standard',
    'input or writes standard output wherever a file is read or written. suyuan --version.',
    EXIT_CODES,
  ].join('\n');
}

function optionLine(name: string, o: OptionSpec): [string, string] {
  return [`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`, o.help];
}

/** `suyuan help NAME` and `suyuan NAME --help`: usage, what it does, options, examples. */
export function commandHelp(name: string, c: CommandSpec): string {
  const options = [...Object.entries(c.options), ...Object.entries(GLOBAL_OPTIONS)].map(([n, o]) => optionLine(n, o));
  const width = Math.max(...options.map(([l]) => l.length));
  return [
    `usage: suyuan ${name} ${c.usage}`.trimEnd(),
    '',
    wrap(c.help, 96),
    '',
    'options:',
    ...options.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`),
    '',
    'examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
    EXIT_CODES,
  ].join('\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current.length > 0 ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.join('\n');
}
