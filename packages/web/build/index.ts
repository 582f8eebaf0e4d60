/** Builds the browser bundles into dist/ (run after tsup by `pnpm build`). */
console.log('@suyuan/web: no browser bundles yet');
