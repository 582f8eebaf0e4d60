import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

it("the README's example runs and prints what its comments say", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const file = join(ROOT, 'examples/quickstart/.readme-snippet.ts'); // inside a package, so its imports resolve
  writeFileSync(file, snippet);
  try {
    const out = execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('valid 3');
  } finally {
    rmSync(file, { force: true });
  }
});
