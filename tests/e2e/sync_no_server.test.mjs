// A static host with no sync server (the page's own /db/crm answers 404): the status bar says "no server
// configured" — not "failed" — with a button that opens the Sync screen, whose server field is first and which
// says that the data stays on this device. A server entered there replaces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, click, waitForItem, uiItems, screenshot, nextFrames } from './support.mjs';
import { waitFor, syncStatus } from './sync_support.mjs';

test('no sync server: "no server configured" with a way to set one, in zh-CN and English', { timeout: 180000 }, async () => {
  const app = await startApp();  // no /db forwarding: a static host
  try {
    const page = await app.newPage();
    await waitFor(async () => (await syncStatus(page)).noServer === true, { message: 'no server noticed' });
    const status = await syncStatus(page);
    assert.equal(status.url, app.url + 'db/crm');
    assert.equal(status.errorKind, 'not_found');
    await waitForItem(page, 'status.sync_setup');
    await nextFrames(page, 2);
    await screenshot(page, 'sync-no-server-status-zh');

    // The button opens the Sync screen: the server field, and a note (not an error).
    await click(page, 'status.sync_setup');
    await waitForItem(page, 'sync.server');
    await waitForItem(page, 'sync.no_server');
    const items = await uiItems(page);
    assert.equal(items['sync.error'], undefined, 'no error shown');
    await screenshot(page, 'sync-no-server-screen-zh');
    await click(page, 'lang.en');
    await nextFrames(page, 3);
    await screenshot(page, 'sync-no-server-screen-en');

    // A server entered by hand replaces the default: no longer "no server" (what it answers is its own matter).
    const entered = app.url + 'elsewhere/crm';
    await click(page, 'sync.server');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'text-input', null, { timeout: 5000 });
    await page.keyboard.type(entered, { delay: 5 });
    await page.keyboard.press('Enter');
    await nextFrames(page, 3);
    await waitFor(async () => (await syncStatus(page)).url === entered, { message: 'the entered server in use' });
    assert.equal((await syncStatus(page)).noServer, false);
    await waitFor(async () => (await uiItems(page))['status.sync_setup'] === undefined, { message: 'the button is gone' });
  } finally {
    await app.close();
  }
});
