import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package: the README's set-up (and CI) installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Browser tests are skipped only where Chromium is not installed and this is not CI; under
 * CI=true a missing Chromium makes them fail (launchChromium throws).
 */
export const skipWithoutChromium = !existsSync(CHROMIUM) && process.env.CI !== 'true';

/** Headless Chromium, quiet: no first-run, sync, component updates or background requests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}
