import type { CommandSpec, OptionSpec } from './args.js';
import { HUB_ENV, push, serve } from './commands-hub.js';
import { demoHub } from './demo-hub.js';

const tokenFile: OptionSpec = { type: 'string', value: 'FILE', help: `a file holding the regulator token (one per line; else $${HUB_ENV.token}). Never give a token on the command line` };

/** Options `suyuan export` gains for fetching a bundle from a hub. */
export const HUB_EXPORT_OPTIONS: Record<string, OptionSpec> = {
  hub: { type: 'string', value: 'URL', help: 'fetch the bundle from this hub instead of reading LOGDIRs: --trace-code CODE (public) or --log LOGID… (regulator token)' },
  log: { type: 'string', multiple: true, value: 'LOGID', help: 'with --hub: a whole log to include, by log id (repeatable)' },
  'token-file': tokenFile,
};

/** The hub's commands, for the help registry. */
export const HUB_COMMANDS: Record<string, CommandSpec> = {
  serve: {
    usage: '(--dir DIR | --db postgres://…) --trust AUTHORITY.pub [--trust …] --key HUB.key [--token-file FILE] [--port N] [--host H] [--workers N] [--db-pool N] [--rate-limit N] [--body-limit BYTES] [--records-per-push N] [--request-timeout MS]',
    summary: 'run a hub: where businesses push their logs and regulators read them',
    help: `Runs a hub (docs/HUB.md) on a directory (embedded, nothing to install) or PostgreSQL, until SIGINT or SIGTERM, which close it gracefully (pushes in flight finish). --trust names the authority keys whose logs enrol businesses; --key is the hub's own secret key, with which it cosigns what it stores (give one per suite: Ed25519, SM2). Regulator routes need a token, read from --token-file or $${HUB_ENV.token}, never from the command line. Each setting may come from the environment instead: ${Object.values(HUB_ENV).map((v) => `$${v}`).join(', ')} (lists comma-separated); a flag wins. With --db, --workers N runs N hub processes on one port and one database (more CPU for pushes and queries; docs/HUB.md, "Several processes"). Logs are JSON lines on standard output.`,
    positionals: { min: 0, max: 0, names: 'no arguments' },
    options: {
      dir: { type: 'string', value: 'DIR', help: 'the embedded store\'s directory (made if new)' },
      db: { type: 'string', value: 'URL', help: 'a PostgreSQL URL, postgres://user@host:port/db (migrations run on start)' },
      trust: { type: 'string', multiple: true, value: 'FILE', help: 'an authority public key to trust (repeatable)' },
      key: { type: 'string', multiple: true, value: 'FILE', help: 'the hub\'s own secret key, for cosigning (repeatable: one per suite)' },
      'token-file': tokenFile,
      port: { type: 'string', value: 'N', help: 'the port to listen on (default 8080; 0: any free one)' },
      host: { type: 'string', value: 'H', help: 'the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)' },
      workers: { type: 'string', value: 'N', help: 'hub processes sharing the port (1–64, default 1; more than 1 needs --db). A worker that dies is replaced; /metrics covers them all; rate limits count per process' },
      'db-pool': { type: 'string', value: 'N', help: 'PostgreSQL connections per hub process (1–1000; with --db only)' },
      'rate-limit': { type: 'string', value: 'N', help: 'requests a minute per client address, per hub process (default 3000; 429 HUB_RATE_LIMITED beyond; health, readiness and metrics exempt)' },
      'body-limit': { type: 'string', value: 'BYTES', help: 'largest request body (default 33554432, 32 MiB; 1024 to 1 GiB)' },
      'records-per-push': { type: 'string', value: 'N', help: 'most records one push may carry (default 10000)' },
      'request-timeout': { type: 'string', value: 'MS', help: 'longest a request may take, milliseconds (default 60000; 1000 to 3600000)' },
    },
    examples: ['suyuan serve --dir hub-data --trust authority.pub --key hub.key --token-file regulator.token', `${HUB_ENV.db}=postgres://suyuan@db/suyuan ${HUB_ENV.token}=… suyuan serve --trust authority.pub --key hub.key --host 0.0.0.0 --port 8080`],
    run: serve,
  },
  push: {
    usage: '--hub URL LOGDIR…',
    summary: 'send what your logs have signed to a hub',
    help: 'Sends each log\'s signed records to a hub: it asks the hub where it is, checks that the hub holds a prefix of this log (else HUB_FORK), and sends the rest up to the latest checkpoint (records after it stay local: checkpoint first). Resumable and idempotent: run it again any time. Push authority logs first (or before the logs they enrol). A refusal exits 1 with the hub\'s code.',
    positionals: { min: 1, max: Infinity, names: 'one or more LOGDIRs' },
    options: { hub: { type: 'string', value: 'URL', help: 'the hub, e.g. http://127.0.0.1:8080' } },
    examples: ['suyuan push --hub http://127.0.0.1:8080 auth farm-log', 'suyuan push --hub https://hub.example market-log --json'],
    run: push,
  },
  'demo-hub': {
    usage: '',
    summary: 'the demo chain pushed to a local hub, a receipt traced through it',
    help: 'Builds the demo chain (suyuan demo) in a temporary directory, starts a hub on it (embedded store, a throwaway key, a free local port), pushes every log, fetches the trace excerpt of one receipt over HTTP as a consumer would, and verifies it offline. Removes everything at the end.',
    positionals: { min: 0, max: 0, names: 'no arguments' },
    options: {},
    examples: ['suyuan demo-hub', 'suyuan demo-hub --json'],
    run: demoHub,
  },
};
