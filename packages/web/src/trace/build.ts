/**
 * Builds the trace page (Node, esbuild): the worker, the page script and the style, each
 * named by a hash of its content (served immutable), and the HTML that names them. Pinned
 * authority keys (hex), when given, are compiled into the page script.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface TracePageFiles {
  /** The HTML, with `<!--suyuan-config-->` where the hub writes the page's settings. */
  html: string;
  files: Record<string, { body: Uint8Array; type: string }>;
}

const here = import.meta.dirname;
const JS = 'text/javascript; charset=utf-8';
const named = (stem: string, ext: string, body: Uint8Array) => `${stem}-${createHash('sha256').update(body).digest('hex').slice(0, 10)}.${ext}`;

async function bundle(entry: string, define: Record<string, string> = {}): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [join(here, entry)], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
    minify: true, legalComments: 'none', conditions: ['@suyuan/source'], define, logLevel: 'silent',
  });
  return out.outputFiles[0]!.contents;
}

export async function buildTracePage(opts: { pinnedTrust?: readonly string[] } = {}): Promise<TracePageFiles> {
  const worker = await bundle('worker.ts');
  const workerName = named('trace-worker', 'js', worker);
  const main = await bundle('main.ts', { SUYUAN_TRACE_WORKER: JSON.stringify(`/assets/${workerName}`), SUYUAN_PINNED_TRUST: JSON.stringify(opts.pinnedTrust ?? []) });
  const mainName = named('trace', 'js', main);
  const css = new TextEncoder().encode(readFileSync(join(here, 'page.css'), 'utf8').replace(/\/\*[^]*?\*\//g, '').replace(/\s*\n\s*/g, ''));
  const cssName = named('trace', 'css', css);
  const html = readFileSync(join(here, 'page.html'), 'utf8').replace('{{css}}', cssName).replace('{{js}}', mainName);
  return { html, files: { [workerName]: { body: worker, type: JS }, [mainName]: { body: main, type: JS }, [cssName]: { body: css, type: 'text/css; charset=utf-8' } } };
}

/** Writes the built page to `dir` (index.html, the files, and manifest.json naming their types). */
export function writeTracePage(dir: string, page: TracePageFiles): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), page.html);
  for (const [name, f] of Object.entries(page.files)) writeFileSync(join(dir, name), f.body);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(Object.fromEntries(Object.entries(page.files).map(([n, f]) => [n, f.type])), null, 2)}\n`);
}

/** Reads a page `writeTracePage` wrote, in the shape the hub serves (`createHubApp({ pages })`). */
export function readTracePage(dir: string): { traceHtml: string; files: TracePageFiles['files'] } {
  const types = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
  return { traceHtml: readFileSync(join(dir, 'index.html'), 'utf8'), files: Object.fromEntries(Object.entries(types).map(([n, type]) => [n, { body: new Uint8Array(readFileSync(join(dir, n))), type }])) };
}

// `node --conditions=@suyuan/source --import tsx src/trace/build.ts OUTDIR`: the build step.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const pinned = process.env.SUYUAN_PIN_TRUST?.split(',').map((s) => s.trim()).filter(Boolean);
  writeTracePage(process.argv[2] ?? join(here, '../../dist/trace'), await buildTracePage(pinned ? { pinnedTrust: pinned } : {}));
}
