import { readdirSync, statSync } from 'node:fs';
import { isLogFileName, isStoreLeftover } from './layout.js';

export type DirectoryKind =
  | { kind: 'missing' }
  | { kind: 'not-a-directory' }
  /** Nothing in it, or only what a store leaves behind (lock files, temporary files). */
  | { kind: 'empty' }
  | { kind: 'log' }
  /** Holds files that are not a log's: someone else's directory. */
  | { kind: 'foreign'; example: string };

/** What is at `dir`, looked at before anything is created there. */
export function classifyDirectory(dir: string): DirectoryKind {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return { kind: 'missing' };
  }
  if (!st.isDirectory()) return { kind: 'not-a-directory' };
  const names = readdirSync(dir);
  if (names.some(isLogFileName)) return { kind: 'log' };
  const other = names.find((n) => !isStoreLeftover(n));
  return other === undefined ? { kind: 'empty' } : { kind: 'foreign', example: other };
}
