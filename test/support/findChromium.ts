import { existsSync } from 'node:fs';

/** Where a Chromium is installed (CHROMIUM_PATH, else Debian's and the usual paths), or null. */
export function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((file): file is string => !!file && existsSync(file)) ?? null;
}

/** REQUIRE_BROWSER_TESTS=1 (set by .ci/run): a missing Chromium fails the browser tests instead of skipping them. */
export const browserTestsRequired = process.env.REQUIRE_BROWSER_TESTS === '1';

/** The line a run without a browser prints, once. */
export const browserSkipNotice =
  '\n!!! BROWSER TESTS SKIPPED: no Chromium found (CHROMIUM_PATH, /usr/bin/chromium). ' +
  'Install one (Debian: apt-get install chromium) to run test/e2e/browser.e2e.test.ts; ' +
  'CI sets REQUIRE_BROWSER_TESTS=1 and fails without it. !!!\n';
