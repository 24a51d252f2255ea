// Start-up (issue 18): the first font atlas holds only the characters noted (the UI's text, the data's), the
// common Chinese characters follow in later frames without a rebuild, and text typed meanwhile gets its glyphs
// first. Screenshots of the first screen in zh-CN and English, and of typed Chinese text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, click, typeInto, waitForItem, screenshot } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// The glyph count, read synchronously in the page (waitForFunction does not wait for promises).
const glyphsAtLeast = (page, n) => page.waitForFunction((min) =>
  JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['stats', 'null'])).result.glyphs >= min,
n, { timeout: 60000, polling: 100 });

test('the first screen shows its Chinese text at once; the common characters follow in later frames', async () => {
  const page = await app.newPage();
  const first = (await page.evaluate(() => window.crm.stats())).glyphs;
  await screenshot(page, 'startup-first-screen-zh');
  // ImGui's common simplified Chinese set is about 2,900 glyphs of the CJK font beyond the UI's own.
  await glyphsAtLeast(page, first + 2000);
  await click(page, 'lang.en');
  await screenshot(page, 'startup-first-screen-en');
  await click(page, 'lang.zh');
  await page.close();
});

test('Chinese typed right after start-up is drawn, rare characters included', async () => {
  const page = await app.newPage();
  const before = (await page.evaluate(() => window.crm.stats())).glyphs;
  await click(page, 'customers.new');
  await waitForItem(page, 'form.name');
  // 鑫 and 淼 are common but in no UI text; 龘 and 靐 are in no common set: all need new glyphs at once.
  await typeInto(page, 'form.name', '鑫淼龘靐');
  await typeInto(page, 'form.region', '广州');
  const typed = (await page.evaluate(() => window.crm.stats())).glyphs;
  assert.ok(typed >= before + 4, `glyphs ${before} -> ${typed}`);
  await screenshot(page, 'startup-typed-chinese');
  await click(page, 'form.save');
  await waitForItem(page, 'customers.row.鑫淼龘靐');
  const found = await page.evaluate(() => window.crm.query({ selector: { type: 'customer', name: '鑫淼龘靐' } }));
  assert.equal(found.length, 1);
  await page.close();
});
