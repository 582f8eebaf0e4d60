import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The verbatim external vectors under tests/vectors/external/. */
export const EXTERNAL = join(dirname(fileURLToPath(import.meta.url)), '../../../tests/vectors/external');

export function readVector(...path: string[]): string {
  return readFileSync(join(EXTERNAL, ...path), 'utf8');
}

export function vectorNames(dir: string, ext: string): string[] {
  return readdirSync(join(EXTERNAL, dir)).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
