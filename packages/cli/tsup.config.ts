import { libraryConfig } from '../../tsup.base.js';

// The CLI is installed on its own (npm i -g): the workspace packages (the SDK too) are bundled into dist,
// from their sources, so it depends only on packages from the public registry. The verify
// worker is its own entry, because worker threads load it by file (dist/worker.js).
export default {
  ...libraryConfig({ main: 'src/main.ts', bin: 'src/bin.ts', worker: '../verify/src/worker.ts' }, { main: 'src/main.ts' }),
  noExternal: [/^@suyuan\//, /^suyuan$/],
  esbuildOptions(options: { conditions?: string[] }) {
    options.conditions = ['@suyuan/source'];
  },
};
