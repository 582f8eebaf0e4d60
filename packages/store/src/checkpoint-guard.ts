import { SuyuanError, bytesEqual, toHex, type Checkpoint, type TreeHead } from '@suyuan/core';

/**
 * The rule every store enforces: one root per size, ever. Remembers every reserved or
 * signed root by size; stores call `admit` before persisting and `remember` after.
 */
export class CheckpointGuard {
  private readonly roots = new Map<number, Uint8Array>();
  readonly signed: Checkpoint[] = [];

  /** Throws STORE_CHECKPOINT_CONFLICT for a different root at a known size; false if the root is already known. */
  admit(head: TreeHead): boolean {
    const known = this.roots.get(head.size);
    if (known === undefined) return true;
    if (!bytesEqual(known, head.root)) {
      throw new SuyuanError('STORE_CHECKPOINT_CONFLICT', `size ${head.size} already has root ${toHex(known).slice(0, 16)}…; refusing ${toHex(head.root).slice(0, 16)}…`);
    }
    return false;
  }

  remember(head: TreeHead, signed?: Checkpoint): void {
    this.roots.set(head.size, Uint8Array.from(head.root));
    if (signed !== undefined && !this.signed.some((c) => c.size === signed.size && bytesEqual(c.signature, signed.signature))) this.signed.push(signed);
  }
}
