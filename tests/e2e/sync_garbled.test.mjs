// Sync never claims a success it does not have (issue 16): the app syncs with PouchDB Server through a proxy
// that spoils at least 30% of the sync answers (truncated JSON, an HTML page, wrong types, entries for ids
// never asked, missing fields, 500, 429; fixed seed) for the first few hundred sync requests, while customers
// are created in the app and documents wait on (and keep arriving at) the server. Every local document
// reaches the server, every server document arrives with the server's revision, the sync status never says
// up to date while the server lacks a local document (checked at every poll), and all of it within 120 s of
// the last spoiled answer.
//
//   node --test tests/e2e/sync_garbled.test.mjs       one seed, the first 50 sync answers spoilable (the test run)
//   node tests/e2e/sync_garbled.test.mjs --seeds 10 [--spoil 200] [--first-seed 1] [--parallel 5]
//                                                     the soak (./crm soak-sync): seeds run 5 at a time, each with
//                                                     its own server, proxy and browser
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSyncServer } from '../../scripts/sync_server.mjs';
import { startApp, click, waitForItem, screenshot, nextFrames } from './support.mjs';
import { startGarblingProxy, classes } from './garbling_proxy.mjs';
import { freePort, syncStatus, browserState, serverState, difference } from './sync_support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
};
const SEEDS = arg('--seeds', Number(process.env.CRM_GARBLE_SEEDS || 1));
// Seed 3 (the default): with the answers taken at face value and no sweep, this seed's run ends "up to date"
// with local documents missing on the server (3 runs of 3); seeds 5 and 6 too, 1, 2 and 4 not.
const FIRST_SEED = arg('--first-seed', 3);
const SPOIL_FIRST = arg('--spoil', Number(process.env.CRM_GARBLE_SPOIL || 50));
const PARALLEL = arg('--parallel', 1);
const GIVE_UP_MS = arg('--give-up', 400) * 1000;  // no convergence by then: the seed fails
const RATE = 0.4;
const SERVER_DOCS = 309;
const LOCAL_DOCS = 40;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const customer = (id, name, i) => ({ _id: id, type: 'customer', name, phones: [`139${String(20000000 + i).slice(-8)}`], notes: `garbled ${i}` });

async function runSeed(seed, { screenshots = false } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-garbled-'));
  const server = await startSyncServer({ port: await freePort(), dataDir, inMemory: true });
  const proxy = await startGarblingProxy({ target: server.url, seed, rate: RATE, spoilFirst: SPOIL_FIRST });
  const app = await startApp({ dbUrl: proxy.url });
  const dbUrl = `${server.url}crm`;
  const post = (p, body) => fetch(`${dbUrl}/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const pageErrors = [];
  try {
    // Documents waiting on the server (written directly, not through the proxy); some edited twice.
    const docs = [];
    for (let i = 0; i < SERVER_DOCS; i++) docs.push(customer(`customer:srv-${String(i).padStart(4, '0')}`, `服务器客户${i}`, i));
    const written = await post('_bulk_docs', { docs });
    const edits = written.filter((_, i) => i % 7 === 0).map((w, k) => ({ ...docs[k * 7], _rev: w.rev, notes: 'edited on the server' }));
    await post('_bulk_docs', { docs: edits });

    const page = await app.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await click(page, 'nav.sync');
    await waitForItem(page, 'sync.state');

    const created = new Map();  // id -> rev of every document created in the app
    let localMade = 0;
    let serverMade = 0;
    const violations = [];
    let polls = 0;
    let upToDateSeen = 0;
    const seenStates = new Set();
    const seenKinds = new Set();
    let shots = screenshots ? ['error', 'checking'] : [];
    const started = Date.now();

    // Work keeps arriving while the proxy spoils answers: customers created in the app (40), then documents
    // written on the server, one every 250 ms.
    const writer = (async () => {
      while ((proxy.spoiling() || localMade < LOCAL_DOCS) && Date.now() - started < 300000) {
        if (localMade < LOCAL_DOCS) {
          const i = localMade++;
          const doc = customer(`customer:web-${String(i).padStart(4, '0')}`, `本机客户${i}`, 1000 + i);
          const r = await page.evaluate((d) => window.crm.put(d), doc);
          assert.ok(r.ok, JSON.stringify(r));
          created.set(doc._id, r.rev);
        } else {
          const i = serverMade++;
          await post('_bulk_docs', { docs: [customer(`customer:srv-late-${String(i).padStart(4, '0')}`, `后来的客户${i}`, 5000 + i)] });
        }
        await sleep(250);
      }
    })();

    // Polls until both sides hold the same documents and the app says up to date, after the spoiling ended.
    let converged = false;
    let last = null;
    while (!converged) {
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`no convergence: ${JSON.stringify(last)}; ${violations.length} polls said up to date while the server lacked a document${violations.length ? ` (${violations[0]})` : ''}\nproxy: ${JSON.stringify(proxy.stats)}`);
      const known = new Map(created);  // created before this poll's status was read
      const s = await syncStatus(page);
      polls++;
      seenStates.add(s.state);
      if (s.errorKind) seenKinds.add(s.errorKind);
      if (shots.includes('error') && (s.errorKind === 'wrong_shape' || s.errorKind === 'not_json') && s.state === 'paused') {
        shots = shots.filter((x) => x !== 'error');
        await screenshot(page, `sync-garbled-error-zh-seed${seed}`);
        await click(page, 'lang.en');
        await screenshot(page, `sync-garbled-error-en-seed${seed}`);
        await click(page, 'lang.zh');
      }
      if (shots.includes('checking') && s.state === 'checking') {
        shots = shots.filter((x) => x !== 'checking');
        await screenshot(page, `sync-garbled-checking-zh-seed${seed}`);
      }
      if (s.state === 'up_to_date') {
        upToDateSeen++;
        // Up to date: the server must hold every document created in the app before this status was read.
        const keys = [...known.keys()];
        if (keys.length) {
          const rows = (await post('_all_docs', { keys })).rows;
          for (const row of rows) {
            if (!row.value || row.value.rev !== known.get(row.key)) {
              violations.push(`poll ${polls}: up to date while the server lacks ${row.key} ${known.get(row.key)} (has ${JSON.stringify(row.value || row.error)})`);
            }
          }
          if (violations.length) throw new Error(`the app claimed a success it does not have: ${violations[0]}`);
        }
        if (!proxy.spoiling() && localMade >= LOCAL_DOCS) {
          const [info, stats] = await Promise.all([fetch(dbUrl).then((r) => r.json()), page.evaluate(() => window.crm.stats())]);
          last = { state: s.state, local: stats.documents, remote: info.doc_count, pending: s.pending, error: s.lastError };
          if (stats.documents === info.doc_count && s.pending === 0) {
            const [mine, theirs] = await Promise.all([browserState(page), serverState(dbUrl)]);
            const strip = (st) => Object.fromEntries(Object.entries(st).map(([id, v]) => [id, { rev: v.rev, conflicts: v.conflicts }]));
            converged = difference(strip(mine), strip(theirs)) === '' && Object.keys(mine).length === SERVER_DOCS + serverMade + LOCAL_DOCS;
          }
        }
      } else {
        last = { state: s.state, error: s.lastError, kind: s.errorKind, pending: s.pending, retryAtMs: s.retryAtMs };
      }
      if (!converged) await sleep(250);
    }
    await writer;
    const finished = Date.now();
    const status = await syncStatus(page);
    const inWindow = Math.min(proxy.stats.sync, SPOIL_FIRST);
    const result = {
      seed,
      seconds: (finished - started) / 1000,
      afterLastSpoil: (finished - proxy.stats.lastSpoiledAt) / 1000,
      spoiledShare: proxy.stats.spoiled / inWindow,
      polls,
      upToDateSeen,
      documents: SERVER_DOCS + serverMade + LOCAL_DOCS,
      requests: proxy.stats.requests,
      spoiled: proxy.stats.spoiled,
      byClass: proxy.stats.byClass,
      sweepResent: status.sweepResent,
      stalls: status.stalls,
      kinds: [...seenKinds],
      violations,
    };
    if (screenshots) {
      await nextFrames(page, 2);
      await screenshot(page, `sync-garbled-done-seed${seed}`);
    }
    assert.deepEqual(violations, [], 'never up to date while the server lacks a local document');
    assert.deepEqual(pageErrors, []);
    assert.ok(result.spoiledShare >= 0.3, `spoiled share ${result.spoiledShare}`);
    for (const c of classes) assert.ok(proxy.stats.byClass[c] > 0, `some ${c}`);
    assert.ok(result.afterLastSpoil <= 120, `converged ${result.afterLastSpoil} s after the last spoiled answer`);
    assert.deepEqual(status.rejections, []);
    assert.equal(status.lastError, '');
    await page.close();
    return result;
  } finally {
    await app.close();
    await proxy.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test(`sync through a proxy spoiling ${Math.round(RATE * 100)}% of the first ${SPOIL_FIRST} sync answers, ${SEEDS} seed(s)`, { timeout: 600000 * SEEDS }, async () => {
  const results = [];
  const failures = [];
  const queue = [];
  for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) queue.push(seed);
  const one = async (seed) => {
    try {
      const r = await runSeed(seed, { screenshots: seed === FIRST_SEED });
      results.push(r);
      console.log(`# seed ${seed}: passed in ${r.seconds.toFixed(1)} s (${r.afterLastSpoil.toFixed(1)} s after the last spoiled answer), ` +
        `${r.spoiled} of ${Math.min(SPOIL_FIRST, r.requests)} sync answers spoiled (${(r.spoiledShare * 100).toFixed(0)}%), ` +
        `${r.documents} documents, ${r.requests} requests, ${r.polls} polls (${r.upToDateSeen} up to date), ` +
        `sweep re-sent ${r.sweepResent}, errors seen: ${r.kinds.join(' ')}`);
    } catch (e) {
      failures.push(`seed ${seed}: ${e.message}`);
      console.log(`# seed ${seed}: FAILED ${e.message}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, PARALLEL) }, async () => {
    while (queue.length) await one(queue.shift());
  }));
  console.log(`# ${results.length} of ${SEEDS} seeds passed`);
  assert.deepEqual(failures, []);
});
