import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: the README's set-up (and CI) installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether browser tests run: where Chromium is installed, and always under CI=true, where a
 * missing browser must fail the tests rather than skip them.
 */
export const BROWSER_TESTS = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Headless Chromium with nothing running in the background (no network of its own, no updates). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (CI=true makes this a failure, not a skip)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}
