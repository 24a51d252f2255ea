// A real shop's data fits and opens (issue 14): the ?demo mix of 20,000 customers (vehicles, repair orders,
// follow-ups, complaints, surveys, points: ~160,000 documents) fills, saves and reopens with every document and
// revision, search and a customer file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, waitForItem, screenshot, uiItems } from './support.mjs';
import { storedCounts } from '../bench/demo_open_bench.mjs';
import { fillDemo, installStatusNow, sampleRevisions } from './demo_support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const DEMO = 20000;

test('20,000 demo customers with their documents fill, save and reopen whole', { timeout: 15 * 60 * 1000 }, async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context, query: `?demo=${DEMO}` });
  const status = await fillDemo(page, DEMO, 10 * 60 * 1000);
  assert.equal(status.demoStopped, false);
  await page.evaluate(() => window.crm.whenSaved());
  const before = await page.evaluate(() => window.crm.stats());
  assert.equal(before.customers, DEMO);
  assert.ok(before.documents > DEMO * 6, `the demo mix has several documents a customer: ${before.documents}`);
  const revisions = await sampleRevisions(page);
  assert.ok(Object.keys(revisions).length > 1000);

  await page.reload();
  await page.evaluate(() => window.crm.ready);
  const after = await page.evaluate(() => window.crm.stats());
  assert.equal(after.documents, before.documents, 'every document is back');
  assert.equal(after.customers, DEMO);
  assert.equal(after.updateSeq, before.updateSeq);
  assert.deepEqual(await sampleRevisions(page), revisions, 'the same revisions');
  // Most documents came back from segments (many documents a value), not one record each.
  const stored = await storedCounts(page);
  assert.ok(stored.segments > 0 && stored.docs < before.documents / 4, `segments and log: ${JSON.stringify(stored)}`);
  const memory = await page.evaluate(() => window.crm.memory());
  assert.equal(memory.outOfMemory, false);
  assert.ok(memory.packedBytes > 0 && memory.packedBytes < memory.allocatedBytes);

  // Classes and reminders are rebuilt in the background after the reopen, with their progress in the status bar.
  await installStatusNow(page);
  let sawProgress = false;
  for (let i = 0; i < 1200; ++i) {
    if ((await uiItems(page))['classes.progress']) sawProgress = true;
    if (sawProgress && (await page.evaluate(() => window.__statusNow('stats').classesPending)) === 0) break;
    await page.waitForTimeout(100);
  }
  assert.ok(sawProgress, 'the status bar showed the classification progress');
  await screenshot(page, 'real-shop-20000-reopened-list');

  // The list, search and a customer file work (while derived views may still finish in the background).
  await page.waitForFunction(() => window.__statusNow('comfort.status').searchPending === 0, null, { timeout: 5 * 60 * 1000, polling: 250 });
  const found = await page.evaluate(() => window.crm.search('张伟', 5));
  assert.ok(found.hits.some((h) => h.name === '张伟'), `search finds 张伟: ${JSON.stringify(found.hits)}`);
  await page.keyboard.press('Control+K');  // the list shows the first names; the palette finds anyone
  await waitForItem(page, 'search.input');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input');
  await page.keyboard.type('张伟', { delay: 10 });
  await waitForItem(page, 'search.result.0');
  await page.keyboard.press('Enter');
  await waitForItem(page, 'file.title');
  await screenshot(page, 'real-shop-20000-reopened-file');
  await context.close();
});
