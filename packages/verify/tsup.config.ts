import { libraryConfig } from '../../tsup.base.js';

// The worker is its own entry: worker threads load it by file. `portable` is the browser's entry (no node:*),
// and `messages` the finding codes' words, which the web pages bundle too.
export default libraryConfig(
  { index: 'src/index.ts', worker: 'src/worker.ts', portable: 'src/portable.ts', messages: 'src/messages/index.ts' },
  { index: 'src/index.ts', portable: 'src/portable.ts', messages: 'src/messages/index.ts' },
);
