import type { TreeHasher } from '@suyuan/core';
import { HubError } from './errors.js';

/** Hashes (or entries) per tile, and the tree levels one tile level spans (C2SP tlog-tiles). */
export const TILE_WIDTH = 256;
const TILE_HEIGHT = 8;
/** Highest hash-tile level served: a level-2 hash spans 65,536 leaves, a level-3 one 16.7 M. */
export const MAX_TILE_LEVEL = 3;

/** A tile named by its path: hashes at `level` (or entries), index `index`, `width` items (256: full). */
export interface TileName {
  kind: 'hashes' | 'entries';
  level: number;
  index: number;
  width: number;
}

/**
 * Parses what follows `tile/` in a tile URL, in tlog-tiles' shape: `<L>/<N>[.p/<W>]` or
 * `entries/<N>[.p/<W>]`, where N is written in groups of three digits, every group but the last
 * prefixed with `x` (1234067 → `x001/x234/067`), and W (1–255) marks a partial tile. Anything
 * else — leading zeros in W, a short group, a level past MAX_TILE_LEVEL — is `HUB_BAD_REQUEST`.
 */
export function parseTilePath(path: string): TileName {
  const bad = (why: string): never => { throw new HubError('HUB_BAD_REQUEST', 400, `tile path: ${why}`); };
  const parts = path.split('/');
  const head = parts.shift();
  let kind: TileName['kind'] = 'hashes';
  let level = 0;
  if (head === 'entries') kind = 'entries';
  else if (head !== undefined && /^[0-9]$/.test(head) && Number(head) <= MAX_TILE_LEVEL) level = Number(head);
  else bad(`a level 0–${MAX_TILE_LEVEL} or "entries" first`);
  let width = TILE_WIDTH;
  const p = parts.findIndex((s) => s.endsWith('.p'));
  if (p >= 0) {
    if (p !== parts.length - 2 || !/^[1-9][0-9]{0,2}$/.test(parts[p + 1]!) || Number(parts[p + 1]) >= TILE_WIDTH) bad('a partial tile ends .p/W, W from 1 to 255');
    width = Number(parts[p + 1]);
    parts[p] = parts[p]!.slice(0, -2);
    parts.pop();
  }
  if (parts.length === 0 || parts.length > 5) bad('an index of one to five groups');
  let digits = '';
  parts.forEach((s, i) => {
    const last = i === parts.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(s)) bad('index groups are three digits, all but the last prefixed with x');
    digits += last ? s : s.slice(1);
  });
  const index = Number(digits);
  if (!Number.isSafeInteger(index)) bad('index too large');
  return { kind, level, index, width };
}

/** The path of a tile, the inverse of parseTilePath (for clients and tests). */
export function tilePath(t: TileName): string {
  const groups: string[] = [];
  let n = t.index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  const index = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `${t.kind === 'entries' ? 'entries' : String(t.level)}/${index}${t.width < TILE_WIDTH ? `.p/${t.width}` : ''}`;
}

/** Leaves a tile's items span: [first, end) of the log's leaves. */
export function tileLeaves(t: TileName): { first: number; end: number; perItem: number } {
  const perItem = t.kind === 'entries' ? 1 : 2 ** (TILE_HEIGHT * t.level);
  const first = t.index * TILE_WIDTH * perItem;
  return { first, end: first + t.width * perItem, perItem };
}

/**
 * The hashes of a hash tile: for each item, the root of the perfect subtree of `perItem`
 * leaves it stands for (RFC 9162 interior hashes), read from the leaves in pieces.
 */
export async function tileHashes(hasher: TreeHasher, t: TileName, leafHashes: (from: number, to: number) => Promise<Uint8Array[]>): Promise<Uint8Array> {
  const { first, perItem } = tileLeaves(t);
  const out = new Uint8Array(t.width * 32);
  const piece = Math.max(perItem, 65_536);
  for (let item = 0; item < t.width;) {
    const from = first + item * perItem;
    const n = Math.min(t.width - item, Math.max(1, Math.floor(piece / perItem)));
    let level = await leafHashes(from, from + n * perItem);
    while (level.length > n) {
      const up: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) up.push(hasher.nodeHash(level[i]!, level[i + 1]!));
      level = up;
    }
    level.forEach((h, i) => out.set(h, (item + i) * 32));
    item += n;
  }
  return out;
}
