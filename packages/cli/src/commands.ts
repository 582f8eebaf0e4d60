import type { CommandSpec, OptionSpec } from './args.js';
import { exportBundle, inspect, recall, trace, verify } from './commands-bundle.js';
import { append, checkpoint, enroll, init, keygen, revoke } from './commands-log.js';
import { demo } from './demo.js';
import { addInteropCommands } from './interop-specs.js';
import { HUB_COMMANDS, HUB_EXPORT_OPTIONS } from './hub-specs.js';
import { report } from './report.js';
import { show } from './show.js';
import { SUITE_OPTION } from './suite.js';
import { addVerifyHtml } from './verify-html.js';

const key = (what = 'your secret key file (NAME.key)'): OptionSpec => ({ type: 'string', value: 'FILE', help: what });
const force: OptionSpec = { type: 'boolean', help: 'replace FILE if it exists (never one of the inputs)' };
const one = (names: string) => ({ min: 1, max: 1, names });
/** trace and recall answer only from a verified bundle, unless asked to answer anyway. */
const VERIFIED_ANSWERS: Record<string, OptionSpec> = {
  trust: { type: 'string', multiple: true, value: 'FILE', help: 'an authority public key to trust (repeatable); the bundle is verified against it first' },
  unverified: { type: 'boolean', help: 'answer even from an invalid bundle; every line is marked UNVERIFIED (the exit code is still 1)' },
};

/** Every command, with what its help shows. Order is the order of the general help. */
export const COMMANDS: Record<string, CommandSpec> = {
  demo: {
    usage: '[--dir DIR] [--suite SUITE]',
    summary: 'build, verify, trace and recall a realistic chain, to see everything work',
    help: 'Builds a chain on the embedded file store (two farms, a wholesaler, a processor, two markets, a restaurant, an authority enrolling them), then exports, verifies, traces and recalls. Leaves DIR/demo.bundle, DIR/authority.pub, DIR/logs/* and DIR/keys/*. DIR must be new, empty, or an earlier demo\'s: nothing else is ever deleted.',
    positionals: { min: 0, max: 0, names: 'no arguments' },
    options: { dir: { type: 'string', value: 'DIR', help: 'where to put it (default .demo)' }, suite: SUITE_OPTION },
    examples: ['suyuan demo', 'suyuan demo --dir /tmp/suyuan-demo --json', 'suyuan demo --suite sm2-sm3'],
    run: demo,
  },
  keygen: {
    usage: 'NAME [--suite SUITE]',
    summary: 'make a key pair: NAME.key (secret) and NAME.pub',
    help: 'Writes a key pair of the suite (Ed25519 by default, SM2 with --suite sm2-sm3): NAME.key (PKCS#8 PEM, mode 0600: keep it secret) and NAME.pub (give it to the authority that enrols you). Both or neither; an existing key is never replaced. A log started with the key (init) is of its suite.',
    positionals: one('NAME'),
    options: { suite: SUITE_OPTION },
    examples: ['suyuan keygen farm', 'suyuan keygen district-platform --suite sm2-sm3', 'suyuan keygen keys/market-2025 --json'],
    run: keygen,
  },
  init: {
    usage: 'LOGDIR --key KEYFILE --enterprise USCC [--name NAME] [--authority]',
    summary: 'start a business\'s log in a new directory',
    help: 'Starts a log for an enterprise in the new directory LOGDIR (the embedded file store), signed with KEYFILE. The directory is made whole or not at all; an existing path is never reused.',
    positionals: one('LOGDIR'),
    options: {
      key: key(), enterprise: { type: 'string', value: 'USCC', help: 'the 统一社会信用代码 of the business' }, name: { type: 'string', value: 'NAME', help: 'a display name' },
      authority: { type: 'boolean', help: 'a regulator\'s or market operator\'s log, for enrolments' },
    },
    examples: ['suyuan init farm-log --key farm.key --enterprise 91350100M000100Y43 --name 闽侯青口蔬菜基地', 'suyuan init auth --key authority.key --enterprise 12350000MB0000000K --authority'],
    run: init,
  },
  append: {
    usage: 'LOGDIR --key KEYFILE EVENTS.jsonl|- [--encoding NAME] [--allow-duplicates] [--resume]',
    summary: 'record events (JSON Lines), checked before any is written',
    help: 'Appends events given as JSON Lines, one {"kind", "body", "refs"?} per line (suyuan help events shows a body for every kind; examples/events/ has files for every stage). Every event is checked before anything is written: if any line is bad, every bad line is reported with its number and nothing is written. A big file is written in several commits: a crash part-way through leaves the log with a prefix of the events (in order, none twice, no gap); run the same command again with --resume to append the rest. The file must be UTF-8 unless --encoding says otherwise. An event already in the log (same kind, body and refs) is refused with the seq of the earlier one: make events that really are new distinct (a bizTransactions id, a traceCode, ext.eventId) or pass --allow-duplicates.',
    positionals: { min: 2, max: 2, names: 'LOGDIR and EVENTS.jsonl (or - for standard input)' },
    options: {
      key: key(), encoding: { type: 'string', value: 'NAME', help: 'the file\'s encoding: utf-8 (default), gbk, gb18030, big5' },
      'allow-duplicates': { type: 'boolean', help: 'append events even if the same ones are already recorded' },
      resume: { type: 'boolean', help: 'continue an append cut short: skip the leading events that are already the log\'s last records, append the rest' },
    },
    examples: ['suyuan append farm-log --key farm.key examples/events/farm.jsonl', 'suyuan append farm-log --key farm.key big.jsonl --resume   # after a crash part-way through', 'erp-export | suyuan append farm-log --key farm.key - --encoding gbk --json'],
    run: append,
  },
  checkpoint: {
    usage: 'LOGDIR --key KEYFILE',
    summary: 'sign the log\'s current state',
    help: 'Signs the current tree head of the log (stored before it is printed). Records become verifiable facts once a checkpoint covers them.',
    positionals: one('LOGDIR'),
    options: { key: key() },
    examples: ['suyuan checkpoint farm-log --key farm.key'],
    run: checkpoint,
  },
  enroll: {
    usage: 'AUTHLOGDIR --key AUTHORITY.key --pub MEMBER.pub --enterprise USCC --roles ROLE[,ROLE…] --name NAME [--valid-from TIME] [--valid-until TIME]',
    summary: 'an authority enrols a business\'s key',
    help: 'Records, in an authority log, that a key belongs to an enterprise with these roles (farm, processor, wholesaler, market, restaurant, lab…), then checkpoints so it counts at once. --name is required: verifiers name the business by it (a log whose own genesis name differs gets POLICY_NAME_MISMATCH). Enrolling a key exactly as it is already enrolled is refused (ENROL_DUPLICATE, exit 1); a changed enrolment replaces the earlier one. The authority\'s own key cannot be enrolled (ENROL_OWN_KEY). Without --valid-from the key is valid for records of any date, so what a business recorded before it was enrolled stays valid.',
    positionals: one('AUTHLOGDIR'),
    options: {
      key: key('the authority\'s secret key file'), pub: { type: 'string', value: 'FILE', help: 'the member\'s public key file (NAME.pub)' },
      enterprise: { type: 'string', value: 'USCC', help: 'the member\'s 统一社会信用代码' }, roles: { type: 'string', value: 'LIST', help: 'comma-separated roles' },
      name: { type: 'string', value: 'NAME', help: 'the member\'s registered name, as verifiers show it (required)' },
      'valid-from': { type: 'string', value: 'TIME', help: 'records signed before this are not valid (default: none)' },
      'valid-until': { type: 'string', value: 'TIME', help: 'records signed from this on are not valid' },
    },
    examples: ['suyuan enroll auth --key authority.key --pub farm.pub --enterprise 91350100M000100Y43 --roles farm --name 闽侯青口蔬菜基地', 'suyuan enroll auth --key authority.key --pub market.pub --enterprise 92350102MA2MKT0013 --roles market --name 仓山生鲜超市 --valid-from 2025-01-01'],
    run: enroll,
  },
  revoke: {
    usage: 'AUTHLOGDIR --key AUTHORITY.key --pub MEMBER.pub [--at TIME] [--reason TEXT]',
    summary: 'an authority revokes a key from a time on',
    help: 'Revokes a key from a time on (default now). Rotation: enroll the new key, then revoke the old one.',
    positionals: one('AUTHLOGDIR'),
    options: { key: key('the authority\'s secret key file'), pub: { type: 'string', value: 'FILE', help: 'the member\'s public key file' }, at: { type: 'string', value: 'TIME', help: 'from when (default now)' }, reason: { type: 'string', value: 'TEXT', help: 'why' } },
    examples: ['suyuan revoke auth --key authority.key --pub old-farm.pub --at 2025-12-01T00:00:00+08:00 --reason "key rotated"'],
    run: revoke,
  },
  export: {
    usage: '--out FILE|- [--authority AUTHLOGDIR]… LOGDIR… [--trace-code CODE | --trace-lot ENTERPRISE:LOT] [--description TEXT] [--force] | --hub URL (--trace-code CODE | --log LOGID…) [--token-file FILE] --out FILE|-',
    summary: 'write a bundle of logs, or just what a trace needs',
    help: 'Writes a bundle of whole logs, or, with --trace-code or --trace-lot, just what a trace back needs (excerpts with inclusion proofs). The bundle is written beside FILE and moved into place when whole; an existing FILE is replaced only with --force, and never a file of the logs it reads.',
    positionals: { min: 0, max: Infinity, names: 'one or more LOGDIRs' },
    options: {
      out: { type: 'string', value: 'FILE', help: 'the bundle to write (- for standard output)' }, authority: { type: 'string', multiple: true, value: 'DIR', help: 'an authority log to include (repeatable)' },
      'trace-code': { type: 'string', value: 'CODE', help: 'only what the trace back from this receipt code needs' }, 'trace-lot': { type: 'string', value: 'WHO:LOT', help: 'only what the trace back from this lot needs' },
      description: { type: 'string', value: 'TEXT', help: 'a note in the bundle\'s header' }, force,
      ...HUB_EXPORT_OPTIONS,
    },
    examples: ['suyuan export --out farm.bundle --authority auth farm-log', 'suyuan export --out sy-1001.bundle --authority auth farm-log market-log --trace-code SY-1001'],
    run: exportBundle,
  },
  verify: {
    usage: 'BUNDLE|- --trust AUTHORITY.pub [--trust …] [--no-food] [--workers N]',
    summary: 'verify a bundle against the authority keys you trust',
    help: 'Verifies everything in a bundle against the authority keys you trust: structure, every log\'s chain and checkpoints, references between logs, the food rules, and each key\'s enrolment. Exit 0 valid (or valid with warnings), 1 invalid, 2 not a bundle or a usage error, 3 valid but not all records are signed.',
    positionals: one('BUNDLE (or - for standard input)'),
    options: {
      trust: { type: 'string', multiple: true, value: 'FILE', help: 'an authority public key to trust (repeatable)' }, 'no-food': { type: 'boolean', help: 'skip the food rules (they need memory in proportion to the records)' },
      workers: { type: 'string', value: 'N', help: 'threads to verify on, 1 to the number of cores (default: 1, or 2 for bundles over 16 MB)' },
    },
    examples: ['suyuan verify farm.bundle --trust authority.pub', 'suyuan verify - --trust authority.pub --json < farm.bundle', 'suyuan verify big.bundle --trust authority.pub --workers 2 -q && echo valid'],
    run: verify,
  },
  trace: {
    usage: 'back|forward BUNDLE|- --trust AUTHORITY.pub (--code TRACECODE | --lot ENTERPRISE:LOT) [--unverified]',
    summary: 'trace a lot back to its origins or forward to its end points',
    help: 'Traces a lot, or the lot on a receipt (its trace code), back to its origins (harvests with their inputs, tests and certificates) or forward to where it ended (sold, served, on hand), listing shipments that went beyond the bundle as gaps. The bundle is verified first against --trust; only signed records count, and an invalid bundle is refused (exit 1) unless --unverified, which answers with every line marked UNVERIFIED and still exits 1. Records no verified checkpoint covers are left out and counted on one line (exit 3, as verify). A business whose log failed verification is named so (CLI_LOG_NOT_VERIFIED, exit 1), never as absent: a lot of it, a receipt code found nowhere while some log failed, and a shipment to it (a gap labelled log-not-verified). A code or lot only in records no checkpoint covers yet is said to be unsigned (CLI_UNSIGNED_ONLY, exit 3), never not found. ENTERPRISE may also be a log id.',
    positionals: { min: 2, max: 2, names: 'back or forward, and a BUNDLE' },
    options: { code: { type: 'string', value: 'CODE', help: 'a receipt\'s trace code' }, lot: { type: 'string', multiple: true, value: 'WHO:LOT', help: 'a lot: ENTERPRISE:LOT or LOGID:LOT' }, ...VERIFIED_ANSWERS },
    examples: ['suyuan trace back farm.bundle --trust authority.pub --code SY-1001', 'suyuan trace forward farm.bundle --trust authority.pub --lot 91350100M000100Y43:QK-1 --json'],
    run: trace,
  },
  recall: {
    usage: 'BUNDLE|- --trust AUTHORITY.pub --lot ENTERPRISE:LOT [--lot …] [--unverified]',
    summary: 'every lot and business affected by a recall',
    help: 'Every affected lot and business downstream of the lots given, with what was sold, served and is still on hand; shipments to businesses whose logs are not in the bundle are listed as gaps and the recall is marked incomplete. The bundle is verified first against --trust; only signed records count, and an invalid bundle is refused (exit 1) unless --unverified, which answers with every line marked UNVERIFIED and still exits 1. Records no verified checkpoint covers are left out and counted on one line (exit 3, as verify). A business whose log failed verification is named so (CLI_LOG_NOT_VERIFIED, exit 1), never as absent, and a shipment to it is a gap labelled log-not-verified. A lot only in records no checkpoint covers yet is said to be unsigned (CLI_UNSIGNED_ONLY, exit 3).',
    positionals: one('BUNDLE'),
    options: { lot: { type: 'string', multiple: true, value: 'WHO:LOT', help: 'a recalled lot: ENTERPRISE:LOT or LOGID:LOT (repeatable)' }, ...VERIFIED_ANSWERS },
    examples: ['suyuan recall farm.bundle --trust authority.pub --lot 91350100M000100Y43:QK-1', 'suyuan recall farm.bundle --trust authority.pub --lot 91350100M000100Y43:QK-1 --lot 91350121MA31ABCD1Q:CL-2 --json'],
    run: recall,
  },
  report: {
    usage: 'BUNDLE|- --trust AUTHORITY.pub --out FILE|- [--code TRACECODE | --lot ENTERPRISE:LOT] [--lang zh|en] [--tz ZONE] [--unverified] [--force]',
    summary: 'one self-contained HTML report: verdict, findings, a lot\'s journey',
    help: 'Writes one self-contained HTML file that opens offline and prints on A4: the verdict, each finding explained in plain words, the journey of a lot (green verified, amber warning, red invalid; grey when the bundle did not verify), its timeline, and every record behind each step in words, in Chinese (default) or English. The bundle is verified first against --trust and only its signed records are shown (records after a log\'s last checkpoint are counted apart, never shown); an invalid bundle gets its verdict and findings only (exit 1) unless --unverified, which shows the rest with every part marked unverified (and still exits 1). Without --code or --lot the journey is the bundle\'s first trace code\'s, and the output says so. A code not found is answered as trace answers it (CLI_LOG_NOT_VERIFIED, CLI_UNSIGNED_ONLY, CLI_NOT_FOUND) and no file is written. An existing FILE is replaced only with --force, and never the bundle or a key it reads.',
    positionals: one('BUNDLE'),
    options: {
      trust: { type: 'string', multiple: true, value: 'FILE', help: 'an authority public key to trust' }, out: { type: 'string', value: 'FILE', help: 'the HTML file to write (- for standard output)' },
      code: { type: 'string', value: 'CODE', help: 'the journey of this receipt\'s lot' }, lot: { type: 'string', multiple: true, value: 'WHO:LOT', help: 'the journey of this lot' }, force,
      lang: { type: 'string', value: 'zh|en', help: 'the report\'s language (default zh)' }, tz: { type: 'string', value: 'ZONE', help: 'show times in this IANA time zone (default: each event\'s own UTC offset)' },
      unverified: { type: 'boolean', help: 'show the journey of an invalid bundle too; every part of the report is marked unverified' },
    },
    examples: ['suyuan report farm.bundle --trust authority.pub --code SY-1001 --out report.html', 'suyuan report farm.bundle --trust authority.pub --lot 91350100M000100Y43:QK-1 --out - > report.html'],
    run: report,
  },
  inspect: {
    usage: 'BUNDLE|LOGDIR|-',
    summary: 'what a bundle or a log directory holds (without verifying)',
    help: 'Shows what a bundle or a log directory holds: logs, records by kind, checkpoints. It reads; it does not verify (suyuan verify does).',
    positionals: one('a BUNDLE or a LOGDIR'),
    options: {},
    examples: ['suyuan inspect farm-log', 'suyuan inspect farm.bundle --json'],
    run: inspect,
  },
  show: {
    usage: 'LOGDIR SEQ | BUNDLE|- LOG SEQ',
    summary: 'one record: its content, leaf hash and the reference to it',
    help: 'Shows one record whole (a pesticide\'s registration, a test\'s method and result, a certificate\'s number…), its leaf hash, and the reference ({"logId", "seq", "leafHash"}) that a business receiving a shipment puts in its receive event\'s "refs". LOG, in a bundle, is an enterprise\'s USCC or a log id (or its first 8+ hex digits).',
    positionals: { min: 2, max: 3, names: 'LOGDIR SEQ, or BUNDLE LOG SEQ' },
    options: {},
    examples: ['suyuan show farm-log 5', 'suyuan show farm.bundle 91350100M000100Y43 2 --json'],
    run: show,
  },
  ...HUB_COMMANDS,
};

// EPCIS and FSMA 204 (issue 16): export --format, import epcis, epcis hash.
addInteropCommands(COMMANDS);
// The offline verifier page (issue 18): verify --html.
addVerifyHtml(COMMANDS);
