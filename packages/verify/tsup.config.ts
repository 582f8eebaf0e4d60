import { libraryConfig } from '../../tsup.base.js';

// The worker is its own entry: worker threads load it by file. `portable` is the browser's entry (no node:*).
export default libraryConfig({ index: 'src/index.ts', worker: 'src/worker.ts', portable: 'src/portable.ts' }, { index: 'src/index.ts', portable: 'src/portable.ts' });
