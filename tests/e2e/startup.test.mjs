// Start-up (issue 18): the first font atlas holds only the characters noted (the UI's text, the data's) and is
// the one baked at build time at the baked pixel ratios (built at run time at others); the common Chinese
// characters follow in later frames without a rebuild, and text typed meanwhile gets its glyphs first, as do
// characters the baked atlas lacks typed later. Screenshots of the first screen in zh-CN and English (at
// ratios 1, 2 and 1.75), of typed Chinese text and of a rare character in the search box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, click, typeInto, waitForItem, screenshot, nextFrames } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// The glyph count, read synchronously in the page (waitForFunction does not wait for promises).
const glyphsAtLeast = (page, n) => page.waitForFunction((min) =>
  JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['stats', 'null'])).result.glyphs >= min,
n, { timeout: 60000, polling: 100 });

// The app's stats, read synchronously in the page.
const statsNow = (page) => page.evaluate(() =>
  JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['stats', 'null'])).result);

test('the first screen shows its Chinese text at once; the common characters follow in later frames', async () => {
  const page = await app.newPage();
  const stats = await page.evaluate(() => window.crm.stats());
  const first = stats.glyphs;
  assert.equal(stats.fontAtlasBaked, true, 'the first atlas is the one baked at build time');
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

test('the atlas baked for ratio 2 is used there; at 1.75 the app builds its own; both show the first screen', async () => {
  for (const [ratio, baked] of [[2, true], [1.75, false]]) {
    const page = await app.newPage({ deviceScaleFactor: ratio });
    assert.equal((await statsNow(page)).fontAtlasBaked, baked, `device pixel ratio ${ratio}`);
    await screenshot(page, `startup-first-screen-zh-dpr${ratio}`);
    await click(page, 'lang.en');
    await screenshot(page, `startup-first-screen-en-dpr${ratio}`);
    await click(page, 'lang.zh');
    await page.close();
  }
});

test('a character the baked atlas lacks, typed in the search box once the common ones are in, gets a glyph', async () => {
  const page = await app.newPage();
  await page.waitForFunction(() => JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'],
    ['stats', 'null'])).result.commonGlyphsPending === 0, null, { timeout: 60000, polling: 100 });
  const before = (await statsNow(page)).glyphs;
  await page.keyboard.press('Control+K');
  await waitForItem(page, 'search.input');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input');
  await page.keyboard.type('龘', { delay: 10 });  // in no UI text and no common set
  await glyphsAtLeast(page, before + 1);
  assert.equal((await statsNow(page)).glyphs, before + 1);
  await nextFrames(page, 2);
  await screenshot(page, 'startup-search-rare-character');
  await page.keyboard.press('Escape');
  await page.close();
});
