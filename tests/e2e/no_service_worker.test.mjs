// Without a service worker (blocked by the browser, as a policy does; plain-http LAN origins have none
// either) the app loads with no error, works and syncs, and Settings says once that it will not reload
// offline. With one, Settings says nothing about it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { click, waitForItem, uiItems, screenshot } from './support.mjs';
import { startSyncWorld, waitFor, serverDoc } from './sync_support.mjs';

test('service workers blocked: the app loads, works and syncs; Settings says it will not reload offline', { timeout: 180000 }, async () => {
  const world = await startSyncWorld();
  try {
    const context = await world.app.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const errors = [];
    context.on('weberror', (e) => errors.push(e.error().message));
    const page = await world.app.newPage({ context });
    // The first sync asks for its checkpoints, which do not exist yet: the server answers 404, as CouchDB's
    // protocol says, and Chromium logs every failed load. Those two are expected; any other error is not.
    const firstCheckpointRead = (m) => / 404 /.test(m.text()) && /\/_local\/[0-9a-f]+$/.test(m.location().url);
    page.on('console', (m) => { if (m.type() === 'error' && !firstCheckpointRead(m)) errors.push(`${m.text()} ${m.location().url}`); });
    await waitFor(() => page.evaluate(() => Module.crmOffline && Module.crmOffline.available === false), { message: 'no service worker noticed' });
    assert.equal((await page.evaluate(() => window.crm.comfort.status())).offlineReload, false);

    // It works: a customer saved here reaches the server, one written on the server arrives here.
    const r = await page.evaluate(() => window.crm.put({ _id: 'customer:nosw-1', type: 'customer', name: '没有离线缓存', phones: ['13900001111'] }));
    assert.ok(r.ok);
    await waitFor(async () => (await serverDoc(world.dbUrl, 'customer:nosw-1'))?._rev === r.rev, { message: 'the customer on the server' });
    await fetch(`${world.dbUrl}/customer:nosw-2`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'customer', name: '服务器上的客户', phones: ['13900002222'] }) });
    await waitFor(() => page.evaluate(() => window.crm.get('customer:nosw-2')), { message: 'the server customer here' });
    await waitFor(async () => (await page.evaluate(() => window.crm.sync.status())).state === 'up_to_date', { message: 'up to date' });

    // Settings says it, once.
    await click(page, 'nav.settings');
    await waitForItem(page, 'settings.offline');
    await screenshot(page, 'settings-no-service-worker');
    assert.deepEqual(errors, []);
    await context.close();

    // With a service worker: nothing to say.
    const withSw = await world.app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page2 = await world.app.newPage({ context: withSw });
    await waitFor(() => page2.evaluate(() => Module.crmOffline && Module.crmOffline.available === true), { message: 'service worker registered' });
    // A click while the new page is still busy starting up can land before its first interactive frame: click
    // again until Settings shows.
    await waitFor(async () => {
      await click(page2, 'nav.settings');
      return Boolean((await uiItems(page2))['settings.persisted']);
    }, { message: 'Settings opened' });
    assert.equal((await uiItems(page2))['settings.offline'], undefined);
    await withSw.close();
  } finally {
    await world.close();
  }
});
