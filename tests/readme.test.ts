import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from './support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** What each README example must print, in order of appearance (trace codes are random). */
const EXPECTED = [/^https:\/\/trace\.example\.cn\/t\/[A-Z2-7]{16} https:\/\/trace\.example\.cn\/t\/[A-Z2-7]{16}\n3 QK-01$/];

it('the README has the examples this test knows', () => {
  expect(snippets.length).toBe(EXPECTED.length);
});

it.each(EXPECTED.map((out, i) => [i + 1, out] as const))("README example %i runs and prints what its comments say", (n, out) => {
  const file = join(ROOT, `examples/market-system/.readme-snippet-${n}.ts`); // inside a package that depends on suyuan, so its imports resolve
  writeFileSync(file, snippets[n - 1]!);
  try {
    const stdout = execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', file], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: tempDir('suyuan-readme-') }, // its ledgers (keys included) go with the test's temp dir
    });
    expect(stdout.trim()).toMatch(out);
  } finally {
    rmSync(file, { force: true });
  }
});

it("CI runs exactly the README's two commands, and the second type-checks", () => {
  const section = readme.slice(readme.indexOf('## Two commands'));
  const readmeCommands = /```sh\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n');
  const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('set ') && !l.startsWith('cd '));
  expect(ci).toEqual(readmeCommands);
  expect(readmeCommands).toHaveLength(2);
  expect(readmeCommands[1]).toMatch(/^pnpm typecheck && /);
});
