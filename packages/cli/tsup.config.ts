import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: { entry: { main: 'src/main.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  banner: { js: '' },
});
