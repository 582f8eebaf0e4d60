/** Where a command writes: results to `out` (stdout), progress and errors to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for `append -`. */
  stdin(): Promise<string>;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Exit codes: 0 valid / done, 1 invalid (or rejected input), 2 usage or I/O error. */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2 } as const;

export class UsageError extends Error {}

/** JSON with byte strings as hex and bigints as strings. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? Buffer.from(x).toString('hex') : typeof x === 'bigint' ? x.toString() : x), 2);
}
