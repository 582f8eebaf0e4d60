import { defineConfig } from 'tsup';

/** The build every package shares: ESM for Node 20, with declarations and source maps. */
export function libraryConfig(entry: Record<string, string>, dtsEntry: Record<string, string> = entry) {
  return defineConfig({ entry, format: ['esm'], dts: { entry: dtsEntry }, clean: true, sourcemap: true, target: 'node20' });
}
