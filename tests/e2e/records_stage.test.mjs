// The staged reopen as a user meets it (issue 14): after a reload the list and a customer's basic information work
// at once, while the records (repair orders, follow-ups, complaints, ...) still load behind `ready`; the status
// bar counts them, the file's vehicles tab lists the customer's vehicles (they load in the first stage), its other
// tabs say "loading records…", and once they are in every tab and document is back. The test holds the records
// stage's IndexedDB reads (keys from "r" on) until it lets them go, so the in-between state lasts as long as it
// looks at it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, click, waitForItem, screenshot, uiItems } from './support.mjs';
import { fillDemo } from './demo_support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const DEMO = 600;

// Holds the success of every getAll() whose range starts at a Records segment key until __releaseRecords().
function holdRecordsStage() {
  const held = [];
  window.__recordsReleased = false;
  window.__releaseRecords = () => {
    window.__recordsReleased = true;
    held.splice(0).forEach((fire) => fire());
  };
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (range, count) {
    const request = getAll.call(this, range, count);
    const lower = range && typeof range === 'object' ? range.lower : undefined;
    if (window.__recordsReleased || typeof lower !== 'string' || !lower.startsWith('r')) return request;
    let handler = null;
    Object.defineProperty(request, 'onsuccess', { configurable: true, get: () => handler, set: (h) => { handler = h; } });
    request.addEventListener('success', (event) => {
      const fire = () => handler && handler.call(request, event);
      if (window.__recordsReleased) fire();
      else held.push(fire);
    });
    return request;
  };
}

// Whether every record is in within `ms` (crm.whenLoaded() resolves).
function loadedWithin(page, ms) {
  return page.evaluate((wait) => Promise.race([
    window.crm.whenLoaded().then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), wait)),
  ]), ms);
}

test('after a reload the first screen works while the records load, and then every record is back', { timeout: 5 * 60 * 1000 }, async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context, query: `?demo=${DEMO}` });
  const status = await fillDemo(page, DEMO, 3 * 60 * 1000);
  assert.equal(status.demoStopped, false);
  await page.evaluate(() => window.crm.whenSaved());
  const before = await page.evaluate(() => window.crm.stats());
  assert.ok(before.documents > DEMO * 4, `the demo mix: ${before.documents} documents`);
  // The customers with a vehicle, by name (names borne by one customer only, so a list row names one): a plate each.
  const plateByName = await page.evaluate(async () => {
    const customers = await window.crm.query({ selector: { type: 'customer' }, limit: 100000 });
    const vehicles = await window.crm.query({ selector: { type: 'vehicle' }, limit: 100000 });
    const named = new Map();
    for (const c of customers) named.set(c.name, named.has(c.name) ? null : c._id);
    const plates = {};
    for (const [name, id] of named) {
      const v = id && vehicles.find((x) => x.customer_id === id && x.plate);
      if (v) plates[name] = v.plate;
    }
    return plates;
  });

  await context.addInitScript(holdRecordsStage);
  await page.reload();
  await page.evaluate(() => window.crm.ready);
  assert.equal(await loadedWithin(page, 1500), false, 'the records are held back');
  await waitForItem(page, 'records.loading');  // the status bar counts them

  // The list and a customer's basic information work; the record tabs wait and say so.
  const items = await uiItems(page);
  const row = Object.keys(items).find((name) => name.startsWith('customers.row.') && plateByName[name.slice(14)]);
  assert.ok(row, 'the customer list shows rows, one of a customer with a vehicle');
  await click(page, row);
  await waitForItem(page, 'file.title');
  await click(page, 'file.tab.service');
  await waitForItem(page, 'records.loading');
  await screenshot(page, 'records-stage-loading-zh');
  await click(page, 'lang.en');
  await waitForItem(page, 'records.loading');
  await screenshot(page, 'records-stage-loading-en');
  await click(page, 'lang.zh');
  // Vehicles load in the first stage: their tab lists the customer's vehicle while the records still load.
  await click(page, 'file.tab.vehicles');
  await waitForItem(page, 'vehicle.row.' + plateByName[row.slice(14)]);
  assert.equal(await loadedWithin(page, 0), false, 'the records are still held back');
  // Its odometer and warranty come from the classification, which waits for the records: shown as computing.
  await waitForItem(page, 'vehicle.computing.warranty.' + plateByName[row.slice(14)]);
  await screenshot(page, 'records-stage-vehicles-zh');
  await click(page, 'lang.en');
  await waitForItem(page, 'vehicle.row.' + plateByName[row.slice(14)]);
  await screenshot(page, 'records-stage-vehicles-en');
  await click(page, 'lang.zh');
  await click(page, 'file.tab.basic');
  await waitForItem(page, 'file.tab.basic');

  // Let the records in: every document is back, and the tab shows them.
  await page.evaluate(() => window.__releaseRecords());
  assert.equal(await loadedWithin(page, 60000), true, 'the records load once let go');
  const after = await page.evaluate(() => window.crm.stats());
  assert.equal(after.documents, before.documents, 'every document is back');
  assert.equal(after.updateSeq, before.updateSeq);
  await click(page, 'file.tab.service');
  for (let i = 0; i < 50 && (await uiItems(page))['records.loading']; ++i) await page.waitForTimeout(100);
  assert.equal((await uiItems(page))['records.loading'], undefined, 'no tab waits any more');
  await screenshot(page, 'records-stage-loaded-zh');
  // Classified once the records are in: the vehicle's warranty replaces "computing".
  await click(page, 'file.tab.vehicles');
  const plate = plateByName[row.slice(14)];
  await waitForItem(page, 'vehicle.warranty.' + plate, 30000);
  assert.equal((await uiItems(page))['vehicle.computing.warranty.' + plate], undefined);
  await context.close();
});
