// Helpers for tests that fill the ?demo database (real-shop scale, out of memory): the app's status read
// synchronously, waiting for a fill to end, and the revisions of a sample of every kind of document.

// The app's status, read synchronously (waitForFunction does not wait for a promise).
function statusNow(method) {
  return JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], [method, 'null'])).result;
}

export async function installStatusNow(page) {
  await page.evaluate((src) => { window.__statusNow = (0, eval)('(' + src + ')'); }, statusNow.toString());
}

// Waits until the demo fill of `total` customers is complete or stopped; returns crm.comfort.status().
export async function fillDemo(page, total, timeout) {
  await installStatusNow(page);
  await page.waitForFunction((n) => {
    const s = window.__statusNow('comfort.status');
    return s.demoStopped || (!s.demoFilling && s.demoGenerated === n);
  }, total, { timeout, polling: 250 });
  return page.evaluate(() => window.crm.comfort.status());
}

// Revisions of a sample of every kind of document (the first ones of each type, in id order).
export async function sampleRevisions(page, perType = 200) {
  return page.evaluate(async (limit) => {
    const out = {};
    for (const type of ['customer', 'vehicle', 'service_record', 'followup', 'complaint', 'survey', 'points']) {
      const docs = await window.crm.query({ selector: { type }, limit });
      for (const d of docs) out[d._id] = d._rev;
    }
    return out;
  }, perType);
}
