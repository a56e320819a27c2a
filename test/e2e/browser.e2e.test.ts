import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from '../support/slow.ts';
import { projectRoot } from '../../runtime/env.ts';
import { browserSkipNotice, browserTestsRequired, findChromium } from '../support/findChromium.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { testDatabaseUrl } from '../support/testDatabase.ts';

// A real browser (Debian's chromium) against `npm start`'s process, with every request that leaves
// this machine blocked: the explorer and the statistics page must work on a closed network.
// Without a Chromium these are skipped, saying so loudly, unless REQUIRE_BROWSER_TESTS=1.
const chromiumPath = findChromium();
const run = chromiumPath !== null || browserTestsRequired;
if (!run) console.warn(browserSkipNotice);
const output = path.join(projectRoot, 'test-output');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-browser-'));
let app: Service | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
const blocked: string[] = [];
/** A portal's page on another origin, to call the gateway from (CORS). */
let portal: http.Server | undefined;
let portalPort = 0;

beforeAll(async () => {
  if (!run) return;
  if (!chromiumPath)
    throw new Error('REQUIRE_BROWSER_TESTS=1 but no Chromium is installed: apt-get install chromium');
  mkdirSync(output, { recursive: true });
  const databaseUrl = await testDatabaseUrl();
  portal = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>portal</title>'),
  );
  await new Promise<void>((resolve) => portal?.listen(0, '127.0.0.1', resolve));
  portalPort = (portal.address() as AddressInfo).port;
  app = await spawnService(
    'bin/start.ts',
    [],
    {
      GATEWAY_PORT: '0',
      POPULATION_PORT: '0',
      BUSINESS_PORT: '0',
      PROCEDURES_PORT: '0',
      DOSSIERS_PORT: '0',
      DATA_DIR: dataDir,
      // Only this portal origin may call from a browser; http://localhost:<same port> is another origin.
      CORS_ORIGINS: `http://127.0.0.1:${portalPort}`,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    'gateway listening',
  );
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
}, slow(300_000));

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  portal?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!run)('pages in a real browser, offline', () => {
  it('runs a query in the offline explorer and shows its result', async () => {
    const page = await context.newPage();
    await page.goto(new URL('/explorer', app?.url).href);
    await page.locator('.graphiql-execute-button').click({ timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('.graphiql-response')?.textContent?.includes('totalCount'),
      undefined,
      {
        timeout: 60_000,
      },
    );
    const response = (await page.locator('.graphiql-response').textContent()) ?? '';
    expect(response).toContain('"dossiers"');
    expect(response).not.toContain('"errors"');
    await page.screenshot({ path: path.join(output, 'explorer.png'), fullPage: true });
    expect(blocked).toEqual([]);
  });

  it('answers a browser call from an allowed portal origin and refuses another origin', async () => {
    const call = async (origin: string) => {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return page.evaluate(async (gateway) => {
        try {
          const response = await fetch(gateway, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ procedures(first: 1) { totalCount } }' }),
          });
          return { ok: response.ok, body: await response.text() };
        } catch (error) {
          return { ok: false, body: String(error) };
        }
      }, app?.url ?? '');
    };
    const allowed = await call(`http://127.0.0.1:${portalPort}`);
    expect(allowed.ok).toBe(true);
    expect(allowed.body).toContain('totalCount');
    const refused = await call(`http://localhost:${portalPort}`);
    expect(refused.ok).toBe(false);
    expect(refused.body).toContain('Failed to fetch');
  });

  it('shows the public statistics page, readable on a phone', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(new URL('/stats', app?.url).href);
    await expect(page.locator('h1').textContent()).resolves.toContain('Chỉ số phục vụ');
    const provinces = await page.locator('table').first().locator('tbody tr').count();
    expect(provinces).toBeGreaterThan(5);
    expect(await page.locator('figure svg').count()).toBe(provinces + 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(output, 'stats.png'), fullPage: false });
    expect(blocked).toEqual([]);
  });
});
