// Issue 6 in the browser: Chinese IME composition and the clipboard in text fields, the Ctrl+K search over the
// 10,000-customer instant demo (pinyin, initials, mixed, phone fragment, plate, VIN tail), the demo banner and
// the way back, loading with no network through the service worker, and the "reload to update" offer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startApp, click, typeInto, waitForItem, nextFrames, screenshot, uiItems } from './support.mjs';
import { startStaticServer } from '../../server/static_server.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const status = (page) => page.evaluate(() => window.crm.comfort.status());

async function focusField(page, name) {
  await click(page, name);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 20000 });
}

test('IME composition shows at the caret and commits 张伟 exactly once', async () => {
  const page = await app.newPage();
  await click(page, 'customers.new');
  await focusField(page, 'form.name');
  // The hidden textarea sits at the caret, so the IME candidate window opens next to it.
  const field = await waitForItem(page, 'form.name');
  const box = await page.evaluate(() => document.getElementById('text-input').getBoundingClientRect().toJSON());
  assert.ok(box.left >= field.x - 2 && box.left <= field.x + field.w, `textarea x ${box.left} inside the field ${field.x}..${field.x + field.w}`);
  assert.ok(box.top >= field.y - 4 && box.top <= field.y + field.h, `textarea y ${box.top} on the field's line ${field.y}..${field.y + field.h}`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'zhang', selectionStart: 5, selectionEnd: 5 });
  await nextFrames(page, 3);
  assert.equal(await page.evaluate(() => Module.crmComposition), 'zhang');
  await waitForItem(page, 'ime.composition');  // drawn by the app next to the caret
  await screenshot(page, 'ime-composing');
  await cdp.send('Input.insertText', { text: '张伟' });
  await nextFrames(page, 3);
  assert.equal(await page.evaluate(() => Module.crmComposition), '');
  assert.equal((await uiItems(page))['ime.composition'], undefined, 'composition overlay gone after commit');

  await typeInto(page, 'form.phone', '13800138000');
  await click(page, 'form.save');
  await page.evaluate(() => window.crm.whenSaved());
  const found = await page.evaluate(() => window.crm.query({ selector: { type: 'customer' } }));
  assert.equal(found.length, 1);
  assert.equal(found[0].name, '张伟', 'committed once: not 张伟张伟, not zhang张伟');
  await page.close();
});

test('Ctrl+V pastes Chinese text; Ctrl+C and Ctrl+X put the field text on the clipboard', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await app.newPage({ context });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  await page.evaluate(() => navigator.clipboard.writeText('欧阳娜娜'));
  await click(page, 'customers.new');
  await focusField(page, 'form.name');
  await page.keyboard.press('Control+V');
  await nextFrames(page, 2);
  // Copy the whole field back: the clipboard holds what the field holds.
  await page.evaluate(() => navigator.clipboard.writeText('-'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await nextFrames(page, 2);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '欧阳娜娜');

  await focusField(page, 'form.company');
  await page.keyboard.type('临时单位');
  await nextFrames(page, 2);  // typed text lands before Ctrl goes down (ImGui drops characters while Ctrl is held)
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+X');
  await nextFrames(page, 2);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '临时单位');

  await focusField(page, 'form.phone');
  await page.keyboard.type('13900001111');
  await click(page, 'form.save');
  await page.evaluate(() => window.crm.whenSaved());
  const found = await page.evaluate(() => window.crm.query({ selector: { type: 'customer' } }));
  assert.equal(found.length, 1);
  assert.equal(found[0].name, '欧阳娜娜', 'pasted once');
  assert.equal(found[0].company, undefined, 'cut removed the company text');
  await context.close();
});

test('the demo fills its own database with 10,000 customers, searchable by pinyin, phone, plate and VIN', async () => {
  const page = await app.newPage({ query: '?demo' });
  await waitForItem(page, 'demo.banner');
  await page.waitForFunction(() => {
    const s = JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['comfort.status', 'null'])).result;
    return s.demoTotal === 10000 && !s.demoFilling && s.searchPending === 0 && s.searchIndexed === 10000;
  }, null, { timeout: 600000, polling: 1000 });
  await page.evaluate(() => window.crm.whenSaved());
  const stats = await page.evaluate(() => window.crm.stats());
  assert.equal(stats.customers, 10000);
  assert.equal(stats.comfort.demo, true);
  const complaints = await page.evaluate(() => window.crm.query({ selector: { type: 'complaint' }, limit: 100000 }));
  assert.deepEqual([...new Set(complaints.map((c) => c.status))].sort(),
    ['followed_up', 'investigating', 'received', 'registered', 'resolved']);
  await screenshot(page, 'demo-banner');

  const id = 'customer:demo-000000';
  const zhang = await page.evaluate((i) => window.crm.get(i), id);
  assert.equal(zhang.name, '张伟');
  const [vehicle] = await page.evaluate((i) => window.crm.query({ selector: { type: 'vehicle', customer_id: i } }), id);
  const phone = zhang.phones[0];
  const search = (q, limit = 50) => page.evaluate(([query, n]) => window.crm.search(query, n), [q, limit]);

  for (const q of ['zhangwei', '张伟']) {
    const r = await search(q);
    assert.equal(r.hits[0].id, id, q);
    assert.equal(r.hits[0].kind, 'exact', q);
    assert.ok(r.hits.filter((h) => h.name === '张伟').length === 1, 'only one 张伟 in the demo');
  }
  for (const q of ['zw', '张w']) {
    const r = await search(q, 1000);
    const at = r.hits.findIndex((h) => h.id === id);
    assert.ok(at >= 0, `${q} finds 张伟`);
    assert.ok(r.hits.slice(0, at).every((h) => h.score >= r.hits[at].score), `${q}: ranked by score`);
    assert.ok(r.hits[at].highlights.some((h) => h.field === 'name'), `${q}: the name is highlighted`);
  }
  const fragment = phone.slice(3, 10);
  const byPhone = await search(fragment);
  assert.equal(byPhone.hits[0].id, id, `phone fragment ${fragment}`);
  assert.equal(byPhone.hits[0].field, 'phone');
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  assert.equal((await search(spaced)).hits[0].id, id, 'phone with separators');
  assert.equal((await search(vehicle.plate)).hits[0].id, id, `plate ${vehicle.plate}`);
  const vinTail = vehicle.vin.slice(-6);
  const byVin = await search(vinTail);
  assert.ok(byVin.hits.some((h) => h.id === id && h.field === 'vin'), `VIN tail ${vinTail}`);

  // The same through the palette, by keyboard: Ctrl+K, type, Down/Up, Enter opens the customer.
  await page.keyboard.press('Control+K');
  await waitForItem(page, 'search.input');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input');
  await page.keyboard.type('zhangwei', { delay: 10 });
  await waitForItem(page, 'search.result.0');
  await screenshot(page, 'search-zhangwei');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(fragment, { delay: 10 });
  await waitForItem(page, 'search.result.0');
  await nextFrames(page, 3);
  await screenshot(page, 'search-phone');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await nextFrames(page, 3);
  assert.equal((await status(page)).searchOpen, false, 'Enter opened the customer and closed the palette');
  await screenshot(page, 'search-opened');

  // F1 shows the shortcuts.
  await page.keyboard.press('F1');
  await waitForItem(page, 'help.window');
  await screenshot(page, 'help-window');
  await page.keyboard.press('F1');
  await nextFrames(page, 2);

  // One click back to the real data: the real database is untouched by the demo.
  const exit = await waitForItem(page, 'demo.exit');
  await page.mouse.click(exit.x + exit.w / 2, exit.y + exit.h / 2);  // navigates: no frame waiting on the old page
  await page.waitForURL((u) => !u.search.includes('demo'), { timeout: 30000 });
  // waitForFunction survives the navigation (page.evaluate would die with the old document).
  await page.waitForFunction(() => window.Module && Module.calledRun && document.getElementById('boot').style.display === 'none',
    null, { timeout: 60000 });
  assert.equal((await page.evaluate(() => window.crm.stats())).comfort.demo, false);
  await waitForItem(page, 'demo.open');  // the empty real database offers the demo again
  const real = await page.evaluate(() => window.crm.query({ selector: { type: 'customer' } }));
  assert.ok(real.every((c) => !c.demo), 'no demo customer in the real database');
  await page.close();
});

test('a device that opened the app once reloads it with no network and shows the stored data', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  const put = await page.evaluate(() => window.crm.put({ type: 'customer', name: '离线测试', phones: ['13700001234'] }));
  assert.equal(put.ok, true);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 60000 });
  await page.evaluate(() => window.crm.ready);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  const back = await page.evaluate((id) => window.crm.get(id), put.id);
  assert.equal(back.name, '离线测试');
  await waitForItem(page, 'customers.row.离线测试');
  const manifest = await page.evaluate(async () => (await fetch('manifest.webmanifest')).json());  // from the cache
  assert.equal(manifest.name, '车商客户关系管理 · Dealer CRM');
  await screenshot(page, 'offline-reload');
  await context.close();
});

test('a new version is downloaded in the background and applied only on "reload to update"', async () => {
  // A private copy of the app, so this test can publish a "new version" of it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-app-'));
  fs.cpSync(process.env.CRM_APP_DIR || 'build/wasm/app', dir, { recursive: true });
  const server = await startStaticServer({ appDir: dir, port: 0 });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-background-networking', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 60000 });
    await page.evaluate(() => window.crm.ready);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
    const oldVersion = fs.readFileSync(path.join(dir, 'version.json'), 'utf8');
    const oldScript = await page.evaluate(async () => (await fetch('boot.js')).text());

    // Publish a new version: a changed boot.js and a service worker with a new version.
    fs.appendFileSync(path.join(dir, 'boot.js'), '\n// next version\n');
    const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').replace(/const VERSION = '([^']*)'/, "const VERSION = '$1-next'");
    fs.writeFileSync(path.join(dir, 'sw.js'), sw);
    fs.writeFileSync(path.join(dir, 'version.json'), oldVersion.replace('"}', '-next"}'));
    await page.evaluate(() => window.crm.comfort.checkForUpdate());
    await waitForItem(page, 'update.banner', 60000);
    // Until the user accepts, the page keeps running the old version, entirely.
    assert.equal(await page.evaluate(async () => (await fetch('boot.js')).text()), oldScript);
    await screenshot(page, 'update-offer');
    await click(page, 'update.reload');
    await page.waitForFunction(() => window.crm && window.crm.ready && !Module.crmUpdate.ready, null, { timeout: 60000 });
    await page.evaluate(() => window.crm.ready);
    assert.match(await page.evaluate(async () => (await fetch('boot.js')).text()), /next version/);
    assert.match(await page.evaluate(async () => (await fetch('version.json')).text()), /-next/);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
