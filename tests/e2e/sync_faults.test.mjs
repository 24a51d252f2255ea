// Sync through a bad network: 5,000 documents with attachments (half made in the browser, half already on
// the server) replicate both ways through a proxy that drops connections, truncates bodies, answers
// 500 / 502 / 429 and delays, with a fixed seed. Everything arrives exactly once, with the same revisions
// and attachment digests on both sides, and the retries stay bounded.
// CRM_SYNC_FAULT_DOCS sets the number of documents (default 5000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSyncServer } from '../../scripts/sync_server.mjs';
import { startApp, click, waitForItem, screenshot } from './support.mjs';
import { startFaultProxy } from './fault_proxy.mjs';
import { freePort, waitFor, syncStatus } from './sync_support.mjs';

const TOTAL = Number(process.env.CRM_SYNC_FAULT_DOCS || 5000);
const HALF = Math.floor(TOTAL / 2);

// Deterministic small "photos": bytes from a seeded generator, base64.
function attachment(i) {
  const n = 200 + ((i * 7919) % 1800);
  const bytes = Buffer.alloc(n);
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < n; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[k] = x >>> 24;
  }
  return { content_type: 'image/jpeg', data: bytes.toString('base64') };
}
function doc(prefix, i) {
  return {
    _id: `customer:${prefix}-${String(i).padStart(5, '0')}`,
    type: 'customer',
    name: `${prefix === 'srv' ? '服务器' : '本机'}客户${i}`,
    phones: [`139${String(10000000 + i).slice(-8)}`],
    notes: `fault test ${prefix} ${i}`,
    _attachments: { 'photo.jpg': attachment(prefix === 'srv' ? i : i + 100000) },
  };
}

// {id: "rev|name:digest:length,…"} for every live document.
function fingerprint(docs) {
  const out = {};
  for (const d of docs) {
    if (!d || d._id.startsWith('_design/')) continue;
    const atts = Object.entries(d._attachments || {}).sort().map(([name, a]) => `${name}:${a.digest}:${a.length}`);
    out[d._id] = `${d._rev}|${atts.join(',')}`;
  }
  return out;
}

test(`${TOTAL} documents with attachments sync both ways through a faulty proxy`, { timeout: 900000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-faults-'));
  const server = await startSyncServer({ port: await freePort(), dataDir, inMemory: true });
  const proxy = await startFaultProxy({ target: server.url, seed: 20261124, enabled: false });
  const app = await startApp({ dbUrl: proxy.url });
  const dbUrl = `${server.url}crm`;
  try {
    // Half the documents are on the server already (written directly, not through the proxy).
    for (let i = 0; i < HALF; i += 500) {
      const docs = [];
      for (let k = i; k < Math.min(HALF, i + 500); k++) docs.push(doc('srv', k));
      const r = await fetch(`${dbUrl}/_bulk_docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ docs }) });
      assert.equal(r.status, 201);
    }
    const page = await app.newPage();
    await page.evaluate(() => window.crm.sync.stop());
    // The other half is made in the browser while sync is stopped.
    for (let i = 0; i < TOTAL - HALF; i += 500) {
      const docs = [];
      for (let k = i; k < Math.min(TOTAL - HALF, i + 500); k++) docs.push(doc('web', k));
      const results = await page.evaluate((d) => window.crm.bulk(d), docs);
      assert.equal(results.filter((r) => r.ok).length, docs.length);
    }

    proxy.setEnabled(true);
    const started = Date.now();
    await page.evaluate(() => window.crm.sync.start());
    let last;
    await waitFor(async () => {
      const [s, stats, info] = await Promise.all([
        syncStatus(page), page.evaluate(() => window.crm.stats()), fetch(dbUrl).then((r) => r.json()),
      ]);
      last = { state: s.state, pulled: s.pulled, pushed: s.pushed, pending: s.pending, local: stats.documents, remote: info.doc_count, error: s.lastError };
      return stats.documents === TOTAL && info.doc_count === TOTAL + 0 && s.state === 'up_to_date' && s.pending === 0;
    }, { timeout: 720000, interval: 2000, message: 'both sides to hold every document' }).catch((e) => {
      throw new Error(`${e.message}\n${JSON.stringify(last)}\nproxy: ${JSON.stringify(proxy.stats)}`);
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`# ${TOTAL} documents in ${seconds.toFixed(1)} s through the proxy: ${JSON.stringify(proxy.stats)}`);

    // Same documents, same winning revisions, same attachments on both sides; nothing duplicated or lost.
    const local = fingerprint(await page.evaluate(async () => window.crm.query({ selector: {}, limit: 1000000 })));
    const remoteRows = (await (await fetch(`${dbUrl}/_all_docs?include_docs=true`)).json()).rows.map((r) => r.doc);
    const remote = fingerprint(remoteRows);
    assert.equal(Object.keys(local).length, TOTAL);
    assert.equal(Object.keys(remote).length, TOTAL);
    const differing = Object.keys(remote).filter((id) => local[id] !== remote[id]);
    assert.deepEqual(differing.slice(0, 5).map((id) => `${id}: ${local[id]} ≠ ${remote[id]}`), []);
    for (const d of remoteRows.slice(0, 3)) assert.ok(d._attachments['photo.jpg'].digest.startsWith('md5-'));
    // A sample of attachment bodies as the browser stored them equals what the server holds.
    const sample = [`customer:srv-${String(HALF - 1).padStart(5, '0')}`, 'customer:web-00000'];
    for (const id of sample) {
      const serverBody = await (await fetch(`${dbUrl}/${encodeURIComponent(id)}?attachments=true`)).json();
      const isSrv = id.includes('srv');
      const n = Number(id.slice(-5));
      assert.equal(serverBody._attachments['photo.jpg'].data, attachment(isSrv ? n : n + 100000).data, `${id} attachment intact`);
    }

    // The faults did happen, and the retries stayed bounded.
    for (const kind of ['drop', 'truncate', 'e500', 'e502', 'e429', 'delay']) assert.ok(proxy.stats[kind] > 0, `some ${kind}`);
    const status = await syncStatus(page);
    assert.equal(status.rejections.length, 0);
    assert.ok(proxy.stats.requests < 40 + TOTAL / 5, `requests through the proxy: ${proxy.stats.requests}`);
    await click(page, 'nav.sync');
    await waitForItem(page, 'sync.progress');
    await screenshot(page, 'sync-after-faults');
    await page.close();
  } finally {
    await app.close();
    await proxy.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
