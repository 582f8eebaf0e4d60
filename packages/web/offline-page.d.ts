/** The offline verifier page, one self-contained HTML file (dist/offline-page.js, made by the package's build). */
export declare const OFFLINE_PAGE_HTML: string;
