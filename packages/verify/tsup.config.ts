import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: worker threads load it by file.
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
