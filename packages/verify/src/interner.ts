/** One copy of each distinct string (authors and enterprises repeat across logs). */
export class Interner {
  private readonly seen = new Map<string, string>();

  of<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const known = this.seen.get(s);
    if (known !== undefined) return known as T;
    this.seen.set(s, s);
    return s;
  }
}
