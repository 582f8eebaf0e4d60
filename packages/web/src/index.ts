/**
 * @suyuan/web: the pages that verify in the browser. The browser code lives in
 * src/verifier (the bundle verifier in a Web Worker), src/offline (the offline verifier page)
 * and src/trace (the consumer trace page); build/ bundles them for the browser.
 */
export const WEB_PACKAGE = '@suyuan/web';
