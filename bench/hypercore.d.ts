// The few parts of hypercore 11 the peer benchmark uses (it ships no types).
declare module 'hypercore' {
  import type { Duplex } from 'node:stream';
  export default class Hypercore {
    constructor(storage: string, key?: Buffer);
    readonly key: Buffer;
    readonly length: number;
    readonly contiguousLength: number;
    ready(): Promise<void>;
    append(blocks: Buffer | Buffer[]): Promise<unknown>;
    replicate(isInitiator: boolean): Duplex;
    download(range: { start: number; end: number }): { done(): Promise<void> };
    close(): Promise<void>;
  }
}
