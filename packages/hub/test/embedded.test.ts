import { afterAll } from 'vitest';
import { EmbeddedHubStore } from '../src/index.js';
import { conformance } from './conformance.js';
import { removeTempDirs, tempDir } from './fixture.js';

afterAll(removeTempDirs);

conformance('embedded', () => {
  const dir = tempDir('hub-embedded');
  return { open: () => EmbeddedHubStore.open(dir), cleanup: async () => undefined };
});
