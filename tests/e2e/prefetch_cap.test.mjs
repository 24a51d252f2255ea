// The early IndexedDB read (web/js/idb.js, CRMIDB.prefetch) holds at most a capped amount in JS until main()
// asks for it, then goes on in a new readonly transaction from the last key read. With the cap at 1 KB
// (?prefetch_hold_kb=1) a small demo store is read in several transactions, and the reopen has every document
// and revision, as a reopen without the cap (one transaction) does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, screenshot } from './support.mjs';
import { storedCounts } from '../bench/demo_open_bench.mjs';
import { fillDemo, installStatusNow, sampleRevisions } from './demo_support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const DEMO = 300;

test('a reopen whose early read is capped loads every document and revision', { timeout: 5 * 60 * 1000 }, async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context, query: `?demo=${DEMO}` });
  const status = await fillDemo(page, DEMO, 3 * 60 * 1000);
  assert.equal(status.demoStopped, false);
  await page.evaluate(() => window.crm.whenSaved());
  const before = await page.evaluate(() => window.crm.stats());
  const revisions = await sampleRevisions(page);
  assert.ok(Object.keys(revisions).length > 300);
  const stored = await storedCounts(page);
  assert.ok(stored.segments > 0, `the fill wrote segments: ${JSON.stringify(stored)}`);

  // Without the cap: one transaction, as before.
  await page.reload();
  await page.evaluate(() => window.crm.ready);
  assert.equal(await page.evaluate(() => window.CRMIDB.readTransactions), 1);
  assert.equal((await page.evaluate(() => window.crm.stats())).documents, before.documents);

  // With a 1 KB cap the read stops after its first answers until main() takes them, then goes on.
  await page.goto(page.url().replace(/\?.*$/, `?demo=${DEMO}&prefetch_hold_kb=1`));
  await page.evaluate(() => window.crm.ready);
  const transactions = await page.evaluate(() => window.CRMIDB.readTransactions);
  assert.ok(transactions >= 2, `the capped read went on in a new transaction: ${transactions}`);
  const after = await page.evaluate(() => window.crm.stats());
  assert.equal(after.documents, before.documents, 'every document is back');
  assert.equal(after.customers, DEMO);
  assert.equal(after.updateSeq, before.updateSeq);
  assert.deepEqual(await sampleRevisions(page), revisions, 'the same revisions');
  const memory = await page.evaluate(() => window.crm.memory());
  assert.equal(memory.outOfMemory, false);
  // The data's characters and the common ones reach the font atlas over the next frames (no WebGL extension is
  // enabled: the texture's rows are uploaded as before).
  await installStatusNow(page);
  await page.waitForFunction(() => window.__statusNow('stats').commonGlyphsPending === 0, null, { timeout: 120000, polling: 250 });
  await page.waitForTimeout(300);  // the next painted frame
  await screenshot(page, 'prefetch-cap-reopened-list');
  await context.close();
});
