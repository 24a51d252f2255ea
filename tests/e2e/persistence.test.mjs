// Customer files survive reloads and failures (issue 3): IndexedDB persistence through the real app page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, waitForItem, nextFrames, screenshot } from './support.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

function customers(n, prefix) {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚';
  return Array.from({ length: n }, (_, i) => ({
    type: 'customer',
    name: surnames[i % surnames.length] + given[(i * 7) % given.length] + (i % 3 ? '' : given[(i * 3) % given.length]),
    phones: [`139${String(10000000 + i).slice(-8)}`],
    region: ['北京', '上海', '广州', '成都'][i % 4],
    notes: `${prefix}-${i}`,
  }));
}

async function revisions(page) {
  const docs = await page.evaluate(() => window.crm.query({ selector: { type: 'customer' }, limit: 100000 }));
  return new Map(docs.map((d) => [d._id, d._rev]));
}

test('1,000 customers survive a reload with the same revisions', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  const results = await page.evaluate((docs) => window.crm.bulk(docs), customers(1000, 'reload'));
  assert.equal(results.filter((r) => r.ok).length, 1000);
  const before = await revisions(page);
  assert.equal(before.size, 1000);

  await page.reload();
  await page.evaluate(() => window.crm.ready);
  const after = await revisions(page);
  assert.deepEqual([...after.entries()].sort(), [...before.entries()].sort());
  assert.equal((await page.evaluate(() => window.crm.stats())).customers, 1000);
  await screenshot(page, 'after-reload-1000');
  await context.close();
});

// Runs in the page before its scripts: notes each IndexedDB database the page opens, and whether the wasm
// runtime had started then (Emscripten sets Module.calledRun just before it runs main()).
function noteDatabaseOpens() {
  window.__opens = [];
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name) {
    window.__opens.push({ name, runtimeStarted: Boolean(window.Module && window.Module.calledRun) });
    return open.apply(this, arguments);
  };
}

test('the stored records are read from before the wasm starts, and a reload has every revision', async () => {
  const context = await app.newDiskContext();
  await context.addInitScript(noteDatabaseOpens);
  const page = await app.newPage({ context });
  await page.evaluate((docs) => window.crm.bulk(docs), customers(600, 'prefetch'));
  await page.evaluate(() => window.crm.whenSaved());
  const before = await revisions(page);

  await page.reload();
  await page.evaluate(() => window.crm.ready);
  // crm.js opens the page's database when it is evaluated (CRMIDB.prefetch), before the runtime starts and
  // main() asks for the load; that load takes over the connection and what was read instead of opening again.
  assert.deepEqual(await page.evaluate(() => window.__opens), [{ name: 'crm', runtimeStarted: false }]);
  assert.deepEqual([...(await revisions(page)).entries()].sort(), [...before.entries()].sort());
  assert.equal((await page.evaluate(() => window.crm.stats())).customers, 600);
  await context.close();
});

test('closing the page during a 5,000-document batch keeps all of it or none of it', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  await page.evaluate((docs) => window.crm.bulk(docs), customers(20, 'acknowledged'));
  const acknowledged = await revisions(page);
  assert.equal(acknowledged.size, 20);

  // Start the big batch, wait until its IndexedDB transaction is running, then close the page.
  await page.evaluate((docs) => { window.crm.bulk(docs); }, customers(5000, 'batch'));
  await page.waitForFunction(() => Module.ccall('crm_api', 'string', ['string', 'string'], ['stats', 'null']).includes('"saveState":"saving"'), null, { polling: 1, timeout: 10000 })
    .catch(() => {});
  await page.close({ runBeforeUnload: false });

  const reopened = await app.newPage({ context });
  const after = await revisions(reopened);
  assert.ok(after.size === 20 || after.size === 5020, `expected all or none of the batch, found ${after.size - 20}`);
  for (const [id, rev] of acknowledged) assert.equal(after.get(id), rev, `acknowledged write ${id} kept`);
  await context.close();
});

test('a full disk (quota exceeded) shows a message, keeps the change, and saves it once space returns', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  await page.evaluate(() => window.crm.put({ type: 'customer', name: '赵敏', phones: ['13700000001'] }));
  // The disk fills up: IndexedDB refuses writes with QuotaExceededError, as browsers do. (Chromium's
  // quota override does not make headless writes fail, so the refusal is simulated at the IndexedDB API.)
  await page.evaluate(() => {
    window.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });

  const big = { type: 'customer', name: '钱多多', notes: '备注'.repeat(200000) };
  const put = await page.evaluate((doc) => {
    // put() resolves once saved; with a full disk it rejects, while the document stays in memory.
    return window.crm.put(doc).then((r) => ({ saved: true, r }), (e) => ({ saved: false, code: e.code }));
  }, big);
  assert.equal(put.saved, false);
  assert.equal(put.code, 'save_failed');
  const stats = await page.evaluate(() => window.crm.stats());
  assert.equal(stats.saveState, 'failed');
  assert.match(stats.saveError, /^quota/);
  await waitForItem(page, 'storage.banner');
  const inMemory = await page.evaluate(() => window.crm.query({ selector: { name: '钱多多' } }));
  assert.equal(inMemory.length, 1, 'the change is kept in the page');
  await screenshot(page, 'quota-exceeded');

  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });  // space returns
  // The retry (every 3 s) writes the kept change.
  for (let i = 0; (await page.evaluate(() => window.crm.stats())).saveState !== 'saved'; ++i) {
    assert.ok(i < 200, 'the kept change is saved once space returns');
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.reload();
  await page.evaluate(() => window.crm.ready);
  const names = (await page.evaluate(() => window.crm.query({ selector: { type: 'customer' } }))).map((d) => d.name).sort();
  assert.deepEqual(names, ['赵敏', '钱多多'].sort());
  await context.close();
});

test('a corrupt stored record is skipped and reported; the rest loads', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  await page.evaluate((docs) => window.crm.bulk(docs), customers(50, 'corrupt'));
  // Damage one record behind the app's back.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('crm');
    req.onsuccess = () => {
      const tx = req.result.transaction('docs', 'readwrite');
      tx.objectStore('docs').put('{"s":1,"t":[[1,"zz"', 'customer:broken');
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }));
  await page.reload();
  await page.evaluate(() => window.crm.ready);
  assert.equal((await page.evaluate(() => window.crm.stats())).customers, 50);
  await waitForItem(page, 'storage.banner');
  await screenshot(page, 'corrupt-record');
  await context.close();
});

test('another tab upgrading the database asks this tab to reload', async () => {
  const context = await app.newDiskContext();
  const page = await app.newPage({ context });
  await page.evaluate(() => window.crm.put({ type: 'customer', name: '孙悟空' }));
  const other = await context.newPage();
  await other.goto(app.url + 'boot.js');  // same origin, without the app
  await other.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('crm', 99);
    req.onsuccess = () => { req.result.close(); resolve(); };
    req.onerror = () => resolve();
  }));
  await nextFrames(page, 3);
  await waitForItem(page, 'storage.banner');
  await context.close();
});
