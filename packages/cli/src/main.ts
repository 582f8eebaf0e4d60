import { parseArgs } from 'node:util';
import { isSuyuanError } from '@suyuan/core';
import { exportBundle, inspect, recall, trace, verify } from './commands-bundle.js';
import { append, checkpoint, enroll, init, keygen, revoke } from './commands-log.js';
import { demo } from './demo.js';
import { report } from './report.js';
import { EXIT, UsageError, processIo, type Io } from './io.js';

type Command = (positionals: string[], flags: Record<string, string | boolean | string[] | undefined>, io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string; help: string }> = {
  demo: { run: demo, usage: 'demo [--dir DIR]', help: 'Build a realistic chain (two farms, a wholesaler, a processor, two markets, a restaurant, an authority) on the embedded file store, then export, verify, trace and recall. Leaves DIR/demo.bundle and DIR/authority.pub.' },
  keygen: { run: keygen, usage: 'keygen NAME', help: 'Write an Ed25519 key pair: NAME.key (PKCS#8 PEM, mode 0600) and NAME.pub.' },
  init: { run: init, usage: 'init LOGDIR --key KEYFILE --enterprise USCC [--name NAME] [--authority]', help: 'Start a log for an enterprise in the directory LOGDIR (the embedded file store). --authority: a regulator\'s or market operator\'s log, for enrolments.' },
  append: { run: append, usage: 'append LOGDIR --key KEYFILE [EVENTS.jsonl | -]', help: 'Append events given as JSON Lines ({"kind", "body", "refs"?}), all or none: every bad line is reported with its number and nothing is written.' },
  checkpoint: { run: checkpoint, usage: 'checkpoint LOGDIR --key KEYFILE', help: 'Sign the current tree head of the log (stored before it is printed).' },
  enroll: { run: enroll, usage: 'enroll AUTHLOGDIR --key AUTHKEY --pub MEMBER.pub --enterprise USCC --roles farm,market [--name N] [--valid-from ISO] [--valid-until ISO]', help: 'Record, in an authority log, that a key belongs to an enterprise with these roles; then checkpoint.' },
  revoke: { run: revoke, usage: 'revoke AUTHLOGDIR --key AUTHKEY --pub MEMBER.pub [--at ISO] [--reason TEXT]', help: 'Revoke a key from a time on (rotation: enroll the new key, revoke the old one).' },
  export: { run: exportBundle, usage: 'export --out BUNDLE [--authority AUTHLOGDIR]… LOGDIR… [--trace-code CODE | --trace-lot LOGID:LOT] [--json]', help: 'Write a bundle of whole logs, or just what a trace back needs (excerpts with inclusion proofs).' },
  verify: { run: verify, usage: 'verify BUNDLE --trust AUTHORITY.pub [--trust …] [--json] [--no-food] [--workers N]', help: 'Verify everything in a bundle against the authority keys you trust. Exit 0 valid, 1 invalid.' },
  trace: { run: trace, usage: 'trace back|forward BUNDLE (--code TRACECODE | --lot LOGID:LOT | --lot ENTERPRISE:LOT) [--json]', help: 'Trace a lot (or a receipt\'s trace code) back to its origins or forward to its end points.' },
  recall: { run: recall, usage: 'recall BUNDLE --lot LOGID:LOT [--lot …] [--json]', help: 'Every affected lot and business downstream, with what was sold and what is still on hand.' },
  report: { run: report, usage: 'report BUNDLE --trust AUTHORITY.pub --out report.html [--code TRACECODE | --lot LOGID:LOT]', help: 'Write one self-contained HTML file: the verdict and findings, and the journey of a lot as a graph with the records behind each step.' },
  inspect: { run: inspect, usage: 'inspect BUNDLE|LOGDIR [--json]', help: 'Show what a bundle or a log directory holds, without verifying it.' },
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, key: { type: 'string' }, pub: { type: 'string' },
  enterprise: { type: 'string' }, name: { type: 'string' }, authority: { type: 'string', multiple: true }, roles: { type: 'string' },
  'valid-from': { type: 'string' }, 'valid-until': { type: 'string' }, at: { type: 'string' }, reason: { type: 'string' },
  out: { type: 'string' }, description: { type: 'string' }, 'trace-code': { type: 'string' }, 'trace-lot': { type: 'string' },
  trust: { type: 'string', multiple: true }, 'no-food': { type: 'boolean' }, workers: { type: 'string' },
  code: { type: 'string' }, lot: { type: 'string', multiple: true }, log: { type: 'string' }, dir: { type: 'string' },
} as const;

function usage(): string {
  return ['suyuan — food traceability logs, bundles and verification', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  suyuan ${c.usage}`), '', 'suyuan COMMAND --help for one command. Exit codes: 0 valid / done, 1 invalid, 2 usage or I/O error.'].join('\n');
}

/** Runs one command line; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`unknown command ${name}\n\n${usage()}`);
    return EXIT.USAGE;
  }
  try {
    // `init --authority` is a flag; everywhere else --authority names a log directory.
    const args = name === 'init' ? rest.map((a) => (a === '--authority' ? '--authority=yes' : a)) : rest;
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      io.out(`suyuan ${command.usage}\n\n${command.help}`);
      return EXIT.OK;
    }
    return await command.run(positionals, values as Record<string, string | boolean | string[] | undefined>, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.err(`${(e as Error).message}\nusage: suyuan ${command.usage}`);
      return EXIT.USAGE;
    }
    if (isSuyuanError(e) || (e as NodeJS.ErrnoException).code !== undefined) {
      io.err(`error: ${(e as Error).message}`);
      return EXIT.USAGE;
    }
    io.err(`unexpected error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.USAGE;
  }
}
