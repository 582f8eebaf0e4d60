import { writeFileSync } from 'node:fs';
import { required, say, type CommandSpec, type Flags } from './args.js';
import { Output } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';

/** Options that verify a bundle: they mean nothing when --html writes the page instead. */
const VERIFYING = ['trust', 'no-food', 'workers'];

/**
 * `suyuan verify --html FILE [--force]` (issue 18): writes the offline verifier page, one HTML
 * file that verifies a bundle in a browser, opened from disk, with nothing sent anywhere
 * (docs/WEB.md). Added to `verify` here, as interop adds its formats to `export`.
 */
export function addVerifyHtml(commands: Record<string, CommandSpec>): void {
  const verify = commands.verify!;
  commands.verify = {
    ...verify,
    usage: `${verify.usage} | --html FILE|- [--force]`,
    help: `${verify.help} With --html FILE, writes the offline verifier page instead: one HTML file that needs nothing else; open it from disk, choose a bundle and a trusted key file, and it gives the same verdict and findings in the browser, sending nothing anywhere. An existing FILE is replaced only with --force.`,
    positionals: { ...verify.positionals, min: 0 },
    options: {
      ...verify.options,
      html: { type: 'string', value: 'FILE', help: 'write the offline verifier page to FILE (- for standard output) instead of verifying' },
      force: { type: 'boolean', help: 'with --html: replace FILE if it exists' },
    },
    examples: [...verify.examples, 'suyuan verify --html verifier.html'],
    run: (pos, f, io) => {
      if (f.html !== undefined) return writeOfflinePage(pos, f, io);
      if (pos.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', `verify needs ${verify.positionals.names}`, { command: 'verify' });
      if (f.force) throw new CliError('CLI_BAD_VALUE', '--force goes with --html FILE: verify writes no file', { option: 'force' });
      return verify.run(pos, f, io);
    },
  };
}

async function writeOfflinePage(pos: string[], f: Flags, io: Io): Promise<number> {
  const outPath = required(f, 'html', 'FILE (or - for standard output)');
  if (pos.length > 0) throw new CliError('CLI_EXTRA_ARGUMENT', `--html writes the offline verifier page and verifies nothing itself: give no BUNDLE (${JSON.stringify(pos[0])})`, { command: 'verify', argument: pos[0] });
  const extra = VERIFYING.find((o) => f[o] !== undefined);
  if (extra !== undefined) throw new CliError('CLI_BAD_VALUE', `--${extra} is for verifying a bundle; --html writes the page, where you choose the bundle and the key`, { option: extra });
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--html - writes the page to standard output, which --json would share', { option: 'html' });
  const output = Output.plan(outPath, { force: f.force === true, inputs: {} });
  const html = await offlinePage();
  await output.run((o) => {
    if (o.toStdout) writeBytes(io, Buffer.from(html));
    else writeFileSync(o.tmp!, html, { flag: 'wx' });
  });
  const bytes = Buffer.byteLength(html);
  if (f.json) io.out(toJson({ out: outPath, bytes }));
  else if (outPath !== '-') say(f, io, `wrote ${outPath}: the offline verifier page (${bytes} bytes); open it in a browser, choose a bundle and the authority key you trust`);
  return EXIT.OK;
}

/** The page, built with @suyuan/web (bundled into the CLI's dist; from sources, web's dist must be built). */
async function offlinePage(): Promise<string> {
  try {
    return (await import('@suyuan/web/offline-page')).OFFLINE_PAGE_HTML;
  } catch (e) {
    throw new CliError('CLI_IO', `the offline verifier page is not built (pnpm build builds it): ${(e as Error).message}`, {});
  }
}
