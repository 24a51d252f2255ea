// Out of memory (issue 14): with a test-only ceiling on the wasm memory (the page refuses to grow it past
// N MB, as a browser does at its limit), the ?demo=20000 fill stops cleanly and says why, the banner says how
// many changes are not saved yet, the app keeps working with what it has, and nothing saved is lost: a reload
// finds every saved document at the revision it had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, uiItems, screenshot, nextFrames, click } from './support.mjs';
import { fillDemo, installStatusNow, sampleRevisions } from './demo_support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const DEMO = 20000;
// The heap grows 64 → 79.4 → 98.4 → 122 MB (web/CMakeLists.txt): under 80 MB the largest heap is 79.4 MB, about
// two thirds of what the 20,000 fill needs since session 14's smaller derived views (98.4 MB could hold nearly all
// of it, and did).
const CEILING_MB = 80;

// Runs before the page's scripts: with ?memoryCeilingMB=N, growing a wasm memory past N MB fails the way it
// does at a browser's limit (grow throws a RangeError, Emscripten's sbrk reports it, malloc returns null).
function memoryCeiling() {
  const match = /[?&]memoryCeilingMB=(\d+)/.exec(location.search);
  if (!match) return;
  const ceiling = Number(match[1]) * 1024 * 1024;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    if (this.buffer.byteLength + pages * 65536 > ceiling) throw new RangeError('test memory ceiling reached');
    return grow.call(this, pages);
  };
}

async function waitSettled(page) {
  // Saving goes on after the fill stopped: wait until nothing is left to save or saving reports a failure.
  await page.waitForFunction(() => {
    const s = window.__statusNow('stats');
    return s.saveState === 'saved' || s.saveState === 'failed';
  }, null, { timeout: 3 * 60 * 1000, polling: 250 });
  return page.evaluate(() => window.crm.stats());
}

test('a fill that runs out of memory stops, says so, and loses nothing saved', { timeout: 15 * 60 * 1000 }, async () => {
  const context = await app.newDiskContext();
  await context.addInitScript(memoryCeiling);
  const page = await app.newPage({ context, query: `?demo=${DEMO}&memoryCeilingMB=${CEILING_MB}` });
  const status = await fillDemo(page, DEMO, 10 * 60 * 1000);
  assert.equal(status.demoStopped, true, 'the fill cannot complete under the ceiling');
  assert.ok(status.demoGenerated > 0 && status.demoGenerated < DEMO, `generated ${status.demoGenerated}`);
  const memory = await page.evaluate(() => window.crm.memory());
  assert.equal(memory.outOfMemory, true);
  assert.ok(memory.heapBytes <= CEILING_MB * 1024 * 1024, `heap ${memory.heapBytes}`);

  // Both messages are on screen, in words.
  await nextFrames(page, 3);
  const items = await uiItems(page);
  assert.ok(items['demo.banner'], 'the demo banner says the fill stopped');
  assert.ok(items['storage.banner'], 'the storage banner says memory ran out');
  await screenshot(page, 'out-of-memory-demo-stopped');
  // Input goes on working without memory to spare: switching the language (new glyphs, settings saved) and back.
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await click(page, 'lang.en');
  await nextFrames(page, 3);
  assert.ok((await uiItems(page))['storage.banner'], 'the banner in English');
  await screenshot(page, 'out-of-memory-demo-stopped-en');
  await click(page, 'lang.zh');
  await nextFrames(page, 3);
  assert.deepEqual(pageErrors, []);

  const saved = await waitSettled(page);
  assert.equal(saved.saveState, 'saved', `everything in memory is saved once the fill stopped: ${JSON.stringify(saved)}`);
  const revisions = await sampleRevisions(page, 100);
  assert.ok(Object.keys(revisions).length > 300, `sample of ${Object.keys(revisions).length}`);

  // The app keeps working with what it has: a customer is added and saved.
  const put = await page.evaluate(() => window.crm.put({ _id: 'customer:oom-check', type: 'customer', name: '内存测试' }));
  assert.ok(put.ok, JSON.stringify(put));

  // A reload (same ceiling: the fill resumes and stops again) finds every saved document as it was.
  await page.reload();
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 120000 });
  await page.evaluate(() => window.crm.ready);
  await installStatusNow(page);
  const after = await page.evaluate(() => window.crm.stats());
  assert.ok(after.documents >= saved.documents + 1, `${after.documents} documents, ${saved.documents} saved before`);
  const again = await sampleRevisions(page, 100);
  for (const [id, rev] of Object.entries(revisions)) assert.equal(again[id], rev, `${id} kept its revision`);
  assert.equal((await page.evaluate(() => window.crm.get('customer:oom-check'))).name, '内存测试');
  await context.close();
});
