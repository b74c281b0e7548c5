import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';
import { eventually } from '../helpers/eventually';
import { bundlePage, type PageBundle } from './bundle-page';
import { launchChromium } from './chromium';
import { startPageServer, type PageServer } from './page-server';

// consulEvents$ from the ESM build, in Debian's Chromium (headless, playwright-core),
// against the emulator on another origin (CORS on, ACLs on so every request carries a
// token and is preflighted). Run with `npm run test:browser`.

const TOKEN = 'browser-token';
/** The page's `retry.maxDelay` (page/main.ts): the longest a live poll waits before it asks again. */
const PAGE_MAX_RETRY_DELAY_MS = 200;
let bundle: PageBundle;
let emulator: ConsulEmulator;
let pages: PageServer;
let browser: { context: BrowserContext; close(): Promise<void> };

before(async () => {
  bundle = await bundlePage();
  emulator = await startConsulEmulator({ cors: true, acl: { tokens: { [TOKEN]: { read: '*' } } } });
  pages = await startPageServer(bundle.code);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await pages?.close();
  await emulator?.close();
});

const longPollHeld = () => eventually(() => emulator.openListRequests === 1, { what: 'the page’s long-poll to be held at the emulator', limitMs: 5_000 });
const longPollClosed = () => eventually(() => emulator.openListRequests === 0, { what: 'openListRequests back to 0 at the emulator', limitMs: 5_000 });
const eventTexts = (page: Page) => page.locator('#events li').allTextContents();

/**
 * Opens the page watching `name` in a new tab and runs `body` with it; then checks that
 * the page logged no errors, closes the tab (if `body` did not) and waits for the
 * emulator to see no list request left, so every test starts from zero.
 */
async function withWatchPage(name: string, body: (page: Page) => Promise<void>): Promise<void> {
  assert.equal(emulator.openListRequests, 0, 'no list request open before the test');
  const problems: string[] = [];
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)));
  try {
    const query = new URLSearchParams({ name, port: String(emulator.port), token: TOKEN });
    await page.goto(`${pages.url}/?${query}`);
    await page.locator('#status', { hasText: 'watching' }).waitFor({ timeout: 5_000 });
    await body(page);
    assert.deepEqual(problems, [], 'the page logged no errors');
  } finally {
    if (!page.isClosed()) await page.close();
    await longPollClosed();
  }
}

test('the ESM build bundles for the browser: axios’s browser adapters, no Node built-ins', () => {
  assert.ok(bundle.inputs.some((input) => input.endsWith('dist/index.mjs')), 'the bundle uses dist/index.mjs');
  assert.ok(bundle.inputs.some((input) => input.includes('axios/lib/adapters/xhr.js')), 'axios’s XHR adapter is in');
  const nodeOnly = bundle.inputs.filter((input) => /axios\/lib\/(adapters\/http|platform\/node)\//.test(input) || input.startsWith('node:'));
  assert.deepEqual(nodeOnly, []);
});

test('fired events appear on the page, payloads decoded as UTF-8 text', async () => {
  emulator.fire('deploy-shown', 'v1.0.0'); // already in the agent's buffer: replayed on subscribe
  await withWatchPage('deploy-shown', async (page) => {
    await page.locator('#events li').first().waitFor();
    await longPollHeld();

    emulator.fire('deploy-shown', 'v1.2.3 ✓ größer');
    emulator.fire('other-name', 'not for this page');
    emulator.fire('deploy-shown');
    await page.locator('#events li').nth(2).waitFor({ timeout: 5_000 });

    assert.deepEqual(await eventTexts(page), [
      'deploy-shown: v1.0.0',
      'deploy-shown: v1.2.3 ✓ größer',
      'deploy-shown: (no payload)',
    ]);
  });
});

test('the Unsubscribe button closes the long-poll at the emulator, and later events do not appear', async () => {
  await withWatchPage('deploy-unsubscribe', async (page) => {
    await longPollHeld();
    emulator.fire('deploy-unsubscribe', 'before');
    await page.locator('#events li', { hasText: 'before' }).waitFor();
    await longPollHeld();

    await page.click('#unsubscribe');
    await longPollClosed();
    assert.equal(await page.locator('#status').textContent(), 'unsubscribed');

    const listsAfter: string[] = [];
    page.on('request', (request) => void (request.url().includes('/v1/event/list') && listsAfter.push(request.url())));
    emulator.fire('deploy-unsubscribe', 'after');
    // An absence over time, so a wait: nothing on the page or at the emulator marks the
    // moment a poll that outlived its subscriber would ask again. Such a poll retries after
    // at most the page's retry.maxDelay (200 ms, page/main.ts); twice that covers it. Every
    // list request the page sends is counted, not only one held open at the end.
    await new Promise((resolve) => setTimeout(resolve, 2 * PAGE_MAX_RETRY_DELAY_MS));
    assert.deepEqual(listsAfter, [], 'no list request after unsubscribing');
    assert.equal(emulator.openListRequests, 0, 'no new poll after unsubscribing');
    assert.deepEqual(await eventTexts(page), ['deploy-unsubscribe: before']);
  });
});

test('navigating away closes the long-poll at the emulator', async () => {
  await withWatchPage('deploy-navigate', async (page) => {
    await longPollHeld();
    await page.goto(`${pages.url}/elsewhere`);
    await longPollClosed();
    assert.equal(await page.title(), 'elsewhere');
  });
});

test('closing the tab closes the long-poll at the emulator', async () => {
  await withWatchPage('deploy-close', async (page) => {
    await longPollHeld();
    await page.close();
    await longPollClosed();
  });
});

test('ten subscriptions on one page hold one connection: the page’s own requests to the same origin go through while it waits', async () => {
  // The README's setup: the app's origin forwards /v1/event to the agent over HTTP/1.1, where
  // Chromium keeps at most 6 connections per origin. One long-poll per subscription would
  // hold all 6, and the page's own fetches would wait for a long-poll to end.
  const proxied = await startPageServer(bundle.code, emulator.port);
  const page = await browser.context.newPage();
  try {
    await page.goto(`${proxied.url}/?${new URLSearchParams({ name: 'component', count: '10', token: TOKEN })}`);
    await page.locator('#status', { hasText: 'watching' }).waitFor({ timeout: 5_000 });
    await eventually(() => emulator.store.pendingWaits === 1 && proxied.proxiedLists.open === 1, { what: 'one long-poll held through the proxy', limitMs: 5_000 });
    const listsBefore = proxied.proxiedLists.total;

    const answered = await page.evaluate(() => (globalThis as unknown as { pingAll(n: number): Promise<number> }).pingAll(12));
    assert.equal(answered, 12);
    assert.equal(proxied.proxiedLists.total, listsBefore, 'the pings went through while the one long-poll stayed held');
    assert.equal(proxied.proxiedLists.most, 1, 'never more than one list request at a time');

    for (let i = 0; i < 10; i++) emulator.fire(`component-${i}`, `v${i}`);
    await page.locator('#events li').nth(9).waitFor({ timeout: 5_000 });
    assert.deepEqual((await eventTexts(page)).sort(), Array.from({ length: 10 }, (_, i) => `component-${i}: v${i}`).sort());
  } finally {
    await page.close();
    await longPollClosed();
    await proxied.close();
  }
});
