import type { PageAssets } from '@suyuan/hub';
import { CliError } from './io.js';

/**
 * The consumer trace page that `suyuan serve` and `demo-hub` serve at /t/{code} and the GS1
 * Digital Link paths: built by @suyuan/web (bundled into the CLI's dist; from sources, web's
 * dist must be built).
 */
export async function tracePage(): Promise<PageAssets> {
  let page;
  try {
    page = (await import('@suyuan/web/trace-page')).TRACE_PAGE;
  } catch (e) {
    throw new CliError('CLI_IO', `the trace page is not built (pnpm build builds it): ${(e as Error).message}`, {});
  }
  const encoder = new TextEncoder();
  return { traceHtml: page.traceHtml, files: Object.fromEntries(Object.entries(page.files).map(([name, f]) => [name, { body: encoder.encode(f.text), type: f.type }])) };
}
