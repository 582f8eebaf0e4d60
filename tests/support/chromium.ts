import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package: the README's set-up (and CI) installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Browser tests are skipped only where Chromium is not installed and this is not CI; under
 * CI=true a missing Chromium makes them fail (launchChromium throws).
 */
export const skipWithoutChromium = !existsSync(CHROMIUM) && process.env.CI !== 'true';

/** How long a page's navigation or action may take: Playwright's 30 s default is tight for a loaded CI machine. */
const PAGE_TIMEOUT = 120_000;

/**
 * Headless Chromium, quiet: no first-run, sync, component updates or background requests.
 * Its pages (newPage goes through newContext) wait PAGE_TIMEOUT, as the tests do themselves.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(PAGE_TIMEOUT);
    return context;
  };
  return browser;
}
