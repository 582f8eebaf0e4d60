/**
 * The browser bundles, made with esbuild from the TypeScript sources (the @suyuan/source
 * condition, so no package needs its dist first): the verifier's Web Worker and the offline
 * verifier page, one self-contained HTML file. `pnpm build` and the tests' set-up call
 * `writeWebAssets`; every file is written whole (temporary file, then rename).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';
import { buildTracePage, type TracePageFiles } from '../src/trace/build.js';

export const PACKAGE_DIR = join(import.meta.dirname, '..');
export const DIST = join(PACKAGE_DIR, 'dist');

/** One browser script (an IIFE), every import bundled in; `define` replaces build-time constants. */
export async function bundleScript(entry: string, define: Record<string, string> = {}): Promise<string> {
  const out = await build({
    absWorkingDir: PACKAGE_DIR, entryPoints: [join(PACKAGE_DIR, entry)], bundle: true, platform: 'browser', format: 'iife',
    target: ['es2022'], minify: true, conditions: ['@suyuan/source'], define, legalComments: 'none', charset: 'utf8', write: false, logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export const buildVerifierWorker = () => bundleScript('src/verifier/worker.ts');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A script or style as the text of an inline element: it must not close the element early. */
function inlineSafe(text: string): string {
  const safe = text.replace(/<\/(script|style)/gi, '<\\/$1');
  if (/<!--/.test(safe)) throw new Error('an inline script or style holds "<!--"');
  return safe.trim();
}

/**
 * The offline page's Content-Security-Policy: only its own inline script and style (by hash)
 * and a worker from a blob: URL; no connection, image, font, frame or form target anywhere.
 */
export function offlineCsp(script: string, style: string): string {
  return [
    "default-src 'none'", `script-src ${sha256(script)}`, `style-src ${sha256(style)}`, 'worker-src blob:',
    "connect-src 'none'", "img-src 'none'", "font-src 'none'", "frame-src 'none'", "form-action 'none'", "base-uri 'none'",
  ].join('; ');
}

/** The offline verifier page: one HTML file carrying its script, its style and the worker's source. */
export async function buildOfflinePage(worker?: string): Promise<string> {
  const workerSource = worker ?? (await buildVerifierWorker());
  const script = inlineSafe(await bundleScript('src/offline/page.ts', { __VERIFIER_WORKER__: JSON.stringify(workerSource) }));
  const style = inlineSafe((await transform(readFileSync(join(PACKAGE_DIR, 'src/offline/page.css'), 'utf8'), { loader: 'css', minify: true })).code);
  const template = readFileSync(join(PACKAGE_DIR, 'src/offline/page.html'), 'utf8');
  return template.replace('__CSP__', () => offlineCsp(script, style)).replace('__STYLE__', () => style).replace('__SCRIPT__', () => script);
}

function writeWhole(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Writes dist/browser/verifier-worker.js (the worker, for pages that load it by URL),
 * dist/offline.html (the offline page) and dist/offline-page.js (the page as a string, for
 * `suyuan verify --html`). Returns their paths.
 */
export async function writeWebAssets(dist = DIST): Promise<{ worker: string; offlineHtml: string; offlineModule: string; traceModule: string }> {
  const worker = await buildVerifierWorker();
  const html = await buildOfflinePage(worker);
  const paths = { worker: join(dist, 'browser/verifier-worker.js'), offlineHtml: join(dist, 'offline.html'), offlineModule: join(dist, 'offline-page.js'), traceModule: join(dist, 'trace-page.js') };
  writeWhole(paths.worker, worker);
  writeWhole(paths.offlineHtml, html);
  writeWhole(paths.offlineModule, `/** The offline verifier page (built by @suyuan/web's build/assets.ts). */\nexport const OFFLINE_PAGE_HTML = ${JSON.stringify(html)};\n`);
  writeWhole(paths.traceModule, traceModule(await buildTracePage(pinnedFromEnv())));
  return paths;
}

/** Authority keys to compile into the trace page (`SUYUAN_PIN_TRUST=hex,hex pnpm build`); none: the hub's own. */
function pinnedFromEnv(): { pinnedTrust?: string[] } {
  const pinned = process.env.SUYUAN_PIN_TRUST?.split(',').map((s) => s.trim()).filter(Boolean);
  return pinned !== undefined && pinned.length > 0 ? { pinnedTrust: pinned } : {};
}

/** The trace page as a module (every file is text: scripts and a style), so `suyuan serve` carries it bundled. */
function traceModule(page: TracePageFiles): string {
  const files = Object.fromEntries(Object.entries(page.files).map(([name, f]) => [name, { text: new TextDecoder().decode(f.body), type: f.type }]));
  return `/** The consumer trace page (built by @suyuan/web's build/assets.ts). */\nexport const TRACE_PAGE = ${JSON.stringify({ traceHtml: page.html, files })};\n`;
}
