import { libraryConfig } from '../../tsup.base.js';

// The Node-facing library; the browser bundles (the worker, the pages) are built by build/index.ts with esbuild.
export default libraryConfig({ index: 'src/index.ts' });
