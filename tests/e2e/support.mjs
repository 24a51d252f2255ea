// Shared helpers for the browser end-to-end tests: start the app server (and, when asked, PouchDB Server)
// on 127.0.0.1, launch Debian's Chromium through playwright-core, and drive the canvas UI like a person:
// find a named widget (window.crm ui rectangles), click it, type.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer } from '../../server/static_server.mjs';

export const outputDir = path.join(process.env.CRM_TEST_OUTPUT || 'test-output', 'e2e');
fs.mkdirSync(outputDir, { recursive: true });

const appDir = process.env.CRM_APP_DIR || 'build/wasm/app';

const launchOptions = {
  executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox'],
};

export async function startApp({ dbUrl = null } = {}) {
  const server = await startStaticServer({ appDir, port: 0, dbUrl });
  const browser = await chromium.launch(launchOptions);
  const url = `http://127.0.0.1:${server.port}/`;
  const profiles = [];
  const diskContexts = [];
  return {
    url,
    browser,
    // A browser profile on disk, like an installed browser (incognito contexts keep IndexedDB in memory
    // and do not enforce storage quotas).
    async newDiskContext() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-profile-'));
      profiles.push(dir);
      const context = await chromium.launchPersistentContext(dir, { ...launchOptions, viewport: { width: 1280, height: 800 } });
      diskContexts.push(context);
      return context;
    },
    async newPage({ context = null, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, query = '' } = {}) {
      const ctx = context || await browser.newContext({ viewport, deviceScaleFactor });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.log('[page error]', e.message));
      page.on('console', (m) => { if (m.type() === 'error') console.log('[console]', m.text()); });
      await page.goto(url + query);
      await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 60000 });
      await page.evaluate(() => window.crm.ready);
      await nextFrames(page, 2);
      return page;
    },
    async close() {
      // Contexts a failed test left open would keep their browser (and this process) alive.
      for (const context of diskContexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
      for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function nextFrames(page, n = 1) {
  return page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}

// Rectangles of the named widgets drawn in the last frame, in CSS pixels.
export function uiItems(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['ui', 'null'])).result);
}

// Waits until widget `name` is on screen and returns its rectangle.
export async function waitForItem(page, name, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await uiItems(page);
    if (items[name]) return items[name];
    if (Date.now() > deadline) throw new Error(`widget "${name}" not shown; visible: ${Object.keys(items).join(', ')}`);
    await nextFrames(page, 1);
  }
}

// Clicks like a person: waits until the widget stays put (a new popup settles its size and position over
// its first frames), moves the pointer onto it and lets frames see the hover (tabs and popup items react to
// a press on an item hovered in an earlier frame), looks again (a banner that came or went meanwhile moves
// the content: the pointer follows the widget), then presses and releases in separate frames.
export async function click(page, name) {
  const same = (a, b) => ['x', 'y', 'w', 'h'].every((k) => Math.abs(a[k] - b[k]) < 0.5);
  let r = await waitForItem(page, name);
  for (let i = 0; i < 20; ++i) {
    await nextFrames(page, 1);
    const again = await waitForItem(page, name);
    const settled = same(again, r);
    r = again;
    if (settled) break;
  }
  for (let i = 0; i < 5; ++i) {
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await nextFrames(page, 2);
    const now = await waitForItem(page, name);
    if (same(now, r)) break;
    r = now;
  }
  await page.mouse.down();
  await nextFrames(page, 1);
  await page.mouse.up();
  await nextFrames(page, 2);
}

// Clicks a text field and types into it like a person (CJK characters arrive as text input).
export async function typeInto(page, name, text) {
  await click(page, name);
  // The field is ready for typing once the app has moved keyboard focus to its text input (the caret shows).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 5000 });
  await page.keyboard.type(text, { delay: 10 });
  await nextFrames(page, 2);
}

export async function screenshot(page, name) {
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Scrolls until widget `name` is fully on screen (the page is 800 px tall; the wheel turns over the content).
export async function scrollTo(page, name) {
  await page.mouse.move(640, 500);
  for (let i = 0; i < 60; i++) {
    const r = await waitForItem(page, name);
    if (r.y >= 60 && r.y + Math.min(r.h, 500) <= 760) return r;
    await page.mouse.wheel(0, r.y < 60 ? -200 : 200);
    await nextFrames(page, 3);
  }
  throw new Error(`could not scroll ${name} into view`);
}
