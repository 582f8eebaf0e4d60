import { libraryConfig } from '../../tsup.base.js';

// The worker is its own entry: worker threads load it by file.
export default libraryConfig({ index: 'src/index.ts', worker: 'src/worker.ts' }, { index: 'src/index.ts' });
