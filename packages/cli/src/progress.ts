import type { Flags } from './args.js';
import type { Io } from './io.js';

/**
 * Progress for people watching a terminal: nothing with --json or -q, or when stderr is not
 * a terminal (a log file or a pipe). Updates at most a few times a second.
 */
export function progress(f: Flags, io: Io): { update(text: string, final?: boolean): void; done(): void } {
  const on = io.tty === true && !f.json && !f.quiet;
  let last = 0;
  let shown = false;
  const show = (text: string) => (io.status ? io.status(text) : io.err(text));
  return {
    update(text, final = false) {
      const now = Date.now();
      if (!on || (now - last < 200 && !final)) return;
      last = now;
      shown = true;
      show(text);
    },
    done() {
      if (shown) show('');
      shown = false;
    },
  };
}
