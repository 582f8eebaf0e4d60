import type { CommandSpec, OptionSpec } from './args.js';
import { importCommand } from './commands-import.js';
import { epcis, exportCommand } from './commands-interop.js';

const force: OptionSpec = { type: 'boolean', help: 'replace FILE if it exists (never one of the inputs)' };

/** Issue 16 on the command line: export's --format, `import epcis`, `epcis hash`. */
export function addInteropCommands(commands: Record<string, CommandSpec>): void {
  const bundle = commands.export!;
  commands.export = {
    ...bundle,
    usage: `${bundle.usage} | --format epcis|fsma204-csv|fsma204-xlsx [--out FILE|-] LOGDIR… [--lot TLC] [--product P] [--from DATE] [--to DATE] [--force]`,
    summary: 'write a bundle of logs (or what a trace needs), or the logs as EPCIS 2.0 or the FSMA 204 spreadsheet',
    help: `${bundle.help} With --format epcis, the logs' food events as one EPCIS 2.0 JSON-LD document, each with its CBV 2.0 Event Hash ID as eventID (docs/INTEROP.md has the mapping); records that cannot be exported are listed and the exit code is 1. With --format fsma204-csv or fsma204-xlsx, the FSMA 204 sortable spreadsheet: one row per Critical Tracking Event (CSV is UTF-8 with a byte-order mark), selected with --lot, --product, --from and --to. Without --out these write to standard output. A damaged log is refused, whatever the format.`,
    options: {
      ...bundle.options,
      format: { type: 'string', value: 'FORMAT', help: 'bundle (the default), epcis, fsma204-csv or fsma204-xlsx' },
      lot: { type: 'string', value: 'TLC', help: 'FSMA 204: only rows of this traceability lot code' },
      product: { type: 'string', value: 'P', help: 'FSMA 204: only rows of this product (GTIN, category code or description)' },
      from: { type: 'string', value: 'DATE', help: 'FSMA 204: only events from this date (YYYY-MM-DD) or time (ISO 8601)' },
      to: { type: 'string', value: 'DATE', help: 'FSMA 204: only events until this date or time (inclusive)' },
    },
    examples: [
      ...bundle.examples,
      'suyuan export --format epcis --out chain.jsonld farm-log wholesaler-log',
      'suyuan export --format fsma204-csv --lot QK-1 farm-log wholesaler-log > qk-1.csv',
      'suyuan export --format fsma204-xlsx --out fda.xlsx --from 2025-11-01 --to 2025-11-30 farm-log',
    ],
    run: exportCommand(bundle.run),
  };
  commands.import = {
    usage: 'epcis FILE|- --log LOGDIR --key KEYFILE [--partial --rejects FILE [--force]] [--allow-duplicates]',
    summary: 'append the events of an EPCIS 2.0 document to a log',
    help: 'Reads an EPCIS 2.0 JSON-LD document (a file, or - for standard input) and appends its events to LOGDIR as Suyuan events, signed with KEYFILE, as suyuan append does: every event or none, each checked by the food rules, events already in the log refused unless --allow-duplicates. Every event that cannot become a Suyuan event is listed with its index (from 0), a code and why; then nothing is appended, unless --partial, which appends the others and writes the rejects (JSON Lines) to the --rejects FILE. A ref to another event of the document (a correction of an imported event) is rewritten to the record that event became.',
    positionals: { min: 2, max: 2, names: 'epcis and a FILE (or - for standard input)' },
    options: {
      log: { type: 'string', value: 'DIR', help: 'the log to append to' },
      key: { type: 'string', value: 'FILE', help: 'your secret key file (NAME.key)' },
      partial: { type: 'boolean', help: 'append the events that map; the others go to --rejects FILE' },
      rejects: { type: 'string', value: 'FILE', help: 'with --partial: where the rejected events are listed (JSON Lines)' },
      'allow-duplicates': { type: 'boolean', help: 'append events even if the same event is already in the log' },
      force,
    },
    examples: ['suyuan import epcis partner.jsonld --log farm-log --key farm.key', 'curl -s https://partner.example/epcis | suyuan import epcis - --log farm-log --key farm.key --json', 'suyuan import epcis big.jsonld --log farm-log --key farm.key --partial --rejects rejects.jsonl'],
    run: importCommand,
  };
  commands.epcis = {
    usage: 'hash FILE|-',
    summary: 'the CBV 2.0 Event Hash ID of each event of an EPCIS document',
    help: 'Prints the CBV 2.0 Event Hash ID (ni:///sha-256;…?ver=CBV2.0) of every event of an EPCIS 2.0 JSON-LD document, one line per event in document order, and nothing else on standard output (like GS1\'s reference tool). The document is read as it streams.',
    positionals: { min: 2, max: 2, names: 'hash and a FILE (or - for standard input)' },
    options: {},
    examples: ['suyuan epcis hash chain.jsonld', 'suyuan export --format epcis farm-log | suyuan epcis hash -', 'suyuan epcis hash chain.jsonld --json'],
    run: epcis,
  };
}
