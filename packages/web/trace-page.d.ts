/** The consumer trace page (dist/trace-page.js, made by the package's build): its HTML and its files, all text. */
export declare const TRACE_PAGE: { traceHtml: string; files: Record<string, { text: string; type: string }> };
