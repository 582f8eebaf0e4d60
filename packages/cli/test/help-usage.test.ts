import { describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, run } from './cli-fixture.js';

const GLOBAL = ['json', 'quiet', 'help'];

/** Every command's usage line and the options its help lists, as a user reads them. */
function helps(): { name: string; usage: string; options: string[] }[] {
  ensureBuilt();
  const general = run(ROOT, ['help']).out;
  const names = general.split('commands:\n')[1]!.split('\n\n')[0]!.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter((n) => n !== '');
  return names.map((name) => {
    const text = run(ROOT, ['help', name]).out;
    const options = text.split('\noptions:\n')[1]!.split('\n\n')[0]!.split('\n').flatMap((l) => l.match(/--([a-z0-9-]+)/)?.[1] ?? []);
    return { name, usage: text.split('\n')[0]!, options };
  });
}

describe('usage lines and option lists agree, for every command (issue 9)', () => {
  const all = helps();

  it('lists commands', () => expect(all.length).toBeGreaterThan(10));

  it('every option listed appears in the usage line', () => {
    const missing = all.flatMap(({ name, usage, options }) => options.filter((o) => !GLOBAL.includes(o) && !new RegExp(`--${o}(?![a-z0-9-])`).test(usage)).map((o) => `${name} --${o}`));
    expect(missing).toEqual([]);
  });

  it('every option in the usage line is listed', () => {
    const unknown = all.flatMap(({ name, usage, options }) => [...usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!).filter((o) => !options.includes(o)).map((o) => `${name} --${o}`));
    expect(unknown).toEqual([]);
  });
});
