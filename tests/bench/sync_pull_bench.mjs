// Initial-pull benchmark of issue 4: N customer documents on PouchDB Server, pulled into a fresh browser
// profile by our replicator (the app's live sync, C++/wasm, IndexedDB write-behind) and by PouchDB's own
// replicator in the same headless Chromium, against the same server through the same /db/ forwarder.
// PouchDB is its prebuilt browser bundle from npm (node_modules/pouchdb/dist/pouchdb.min.js, 9.0.0: the code
// of pouchdb-browser, whose lib/ is CommonJS that needs a bundler), with its IndexedDB adapters: the
// default `idb` and the newer `indexeddb` (pouchdb.indexeddb.min.js). Reports documents per second, the ratio (budget: ours ≥ 3× PouchDB),
// ours against the limit (below; budget ≤ 1.5×), the worst frame interval (requestAnimationFrame in the page) while
// syncing (budget < 50 ms, judged on a GPU machine), and the longest main-thread task (Long Tasks API: the app's own
// work, apart from the software GPU's time per painted frame; budget: none over 50 ms), with the load average at
// the start. Never fails on time; fails only when something broke (a document missing, sync failed).
//
//   node tests/bench/sync_pull_bench.mjs [--size N | --large | --smoke] [--out DIR] [--adapters idb,indexeddb] [--profile] [--trace]
//                                       [--chrome-trace]
//
//   --profile   also record a CPU profile of our pull (<out>/sync_pull_ours_N.cpuprofile, for Chromium's DevTools)
//               and print the functions with the most self time (link with --profiling-funcs for wasm names)
//   --trace     print our pull's HTTP requests (start, end in ms on the page's clock, path, bytes)
//   --chrome-trace  also record a Chromium trace of our pull (<out>/sync_pull_ours_N.trace.json, for Perfetto) and
//               print, for each frame over 50 ms, how long the page and the GPU process were busy in it, and the
//               GPU process's time to present a painted frame
//
// Per size: a PouchDB Server on disk in a temporary folder. (a) Ours: the app opens in a fresh on-disk profile
// against the empty database, syncs (up to date), sync is stopped, the server is filled with N customers
// (_bulk_docs from node), then crm.sync.start(); timed until all N are pulled AND saved to IndexedDB.
// (b) PouchDB: a fresh profile, a blank page of the same origin with pouchdb.min.js, timed around
// `db.replicate.from(origin + '/db/crm')` (it resolves once everything is written), once per adapter.
// (c) The limit: in the same page as (a), once our pull is done, the same documents fetched from the same server
// with `_all_docs?include_docs=true` in pages of LIMIT_PAGE (the next page travels while one is written) and
// written raw into another IndexedDB database, one transaction per page (a put per document, the fetched
// object as the value): no revision trees, no checkpoints, no slicing — what any pull must at least spend.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSyncServer } from '../../scripts/sync_server.mjs';
import { startStaticServer } from '../../server/static_server.mjs';
import { freePort, waitFor } from '../e2e/sync_support.mjs';
import { describeChromeTrace, startChromeTrace } from './chrome_trace.mjs';
import { makeCustomers } from './customers.mjs';
import { formatTable } from './table.mjs';
import { describeStretches, longStretches } from './cpu_stretches.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pouchDir = path.join(root, 'node_modules/pouchdb/dist');
const FILL_CHUNK = 2000;
const LIMIT_PAGE = 2000;

export const syncBudgets = { pullRatio: 3, limitRatio: 1.5, worstFrameMs: 50, longestTaskMs: 50 };

const log = (...a) => console.error('[sync bench]', ...a);

export function parseSyncArgs(argv) {
  const opts = { sizes: [10000], out: path.join(root, 'bench-output'), smoke: false, adapters: ['idb', 'indexeddb'] };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--size') opts.sizes = [Number(argv[++i])];
    else if (a === '--large') opts.sizes = [10000, 100000];
    else if (a === '--smoke') { opts.smoke = true; opts.sizes = [300]; }
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--adapters') opts.adapters = argv[++i].split(',').filter(Boolean);
    else if (a === '--profile') opts.profile = true;
    else if (a === '--trace') opts.trace = true;
    else if (a === '--chrome-trace') opts.chromeTrace = true;
    else {
      throw new Error(`unknown option ${a} (use --size N, --large, --smoke, --out DIR, --adapters idb,indexeddb, ` +
        '--profile, --trace, --chrome-trace)');
    }
  }
  if (!opts.sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--size needs a positive integer');
  return opts;
}

const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox'];

// A fresh on-disk browser profile (IndexedDB on disk, as in an installed browser).
async function freshProfile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-syncbench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  return { context, async close() { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function newPage(context) {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => log('[page error]', e.message));
  // (A 404 is the normal answer to a first checkpoint read.)
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) log('[console]', m.text()); });
  return page;
}

// Writes N customers to the server's database in _bulk_docs chunks (the server makes the revisions).
async function fillServer(dbUrl, n) {
  const t0 = Date.now();
  for (let start = 0; start < n; start += FILL_CHUNK) {
    const docs = makeCustomers(start, Math.min(FILL_CHUNK, n - start));
    const r = await fetch(`${dbUrl}/_bulk_docs`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ docs }),
    });
    if (r.status !== 201) throw new Error(`filling the server: HTTP ${r.status} ${await r.text()}`);
    const results = await r.json();
    const bad = results.find((x) => x.error);
    if (bad) throw new Error(`filling the server: ${JSON.stringify(bad)}`);
  }
  const info = await (await fetch(dbUrl)).json();
  if (info.doc_count !== n) throw new Error(`server holds ${info.doc_count} documents, expected ${n}`);
  return { ms: Date.now() - t0, updateSeq: info.update_seq };
}

// In the page: records requestAnimationFrame intervals until stopped (window.__frames.stop() returns them).
function installFrameRecorder() {
  const intervals = [];
  const long = [];  // [end of the frame on the page's clock, length] of frames over 50 ms
  let last = performance.now();
  let running = true;
  const step = () => {
    const now = performance.now();
    intervals.push(now - last);
    if (now - last > 50) long.push([Math.round(now), Math.round(now - last)]);
    last = now;
    if (running) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  // Main-thread tasks over 50 ms (the app's own work: parsing, writing, font atlas), apart from frame pacing,
  // which under SwiftShader on a shared machine is also bounded by the software GPU's time per frame.
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([Math.round(e.startTime + e.duration), Math.round(e.duration)]);
  });
  observer.observe({ type: 'longtask' });
  window.__frames = {
    stop() {
      running = false;
      for (const e of observer.takeRecords()) tasks.push([Math.round(e.startTime + e.duration), Math.round(e.duration)]);
      observer.disconnect();
      intervals.push(performance.now() - last);  // the frame in progress counts too
      const sorted = [...intervals].sort((a, b) => a - b);
      const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      return { frames: intervals.length, worstMs: sorted[sorted.length - 1], p50Ms: at(0.5), p99Ms: at(0.99),
        over50: intervals.filter((d) => d > 50).length, long,
        longTasks: tasks, worstTaskMs: tasks.reduce((m, t) => Math.max(m, t[1]), 0) };
    },
  };
}

const summary = (n, ms, frames, extra = {}) => ({ docs: n, ms, docsPerSec: n / (ms / 1000), ...frames, ...extra });

// Self time per function of a CDP CPU profile, largest first: [[name, ms], …].
export function topSelfTime(cpuProfile, count = 25) {
  const byId = new Map(cpuProfile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const { samples, timeDeltas } = cpuProfile;
  for (let i = 0; i < samples.length; ++i) {
    const f = byId.get(samples[i]).callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`.trim();
    self.set(name, (self.get(name) || 0) + (timeDeltas[i] || 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

// The pull in the page: crm.sync.start(), then polls until all `count` are pulled AND saved to IndexedDB.
async function pullInPage(count) {
  const t0 = performance.now();
  await window.crm.sync.start();
  let pulledAt = null, status = null, stats = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    status = await window.crm.sync.status();
    if (status.state === 'failed' || status.state === 'login_required') break;
    if (status.pulled < count) continue;
    if (pulledAt === null) pulledAt = performance.now();
    stats = await window.crm.stats();
    if (stats.customers >= count && stats.saveState === 'saved') break;
  }
  const t1 = performance.now();
  return { ms: t1 - t0, pulledMs: pulledAt === null ? null : pulledAt - t0, frames: window.__frames.stop(), status, stats };
}

// (c) In the page: paged _all_docs?include_docs=true, each page put raw in one transaction of its own database.
async function limitPullInPage({ count, pageSize }) {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('crm-limit-bench', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('docs');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const base = location.origin + '/db/crm/_all_docs?include_docs=true&limit=' + pageSize;
  const fetchPage = async (after) => {
    const url = after === null ? base : base + '&skip=1&startkey=' + encodeURIComponent(JSON.stringify(after));
    const r = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
    if (r.status !== 200) throw new Error('_all_docs: HTTP ' + r.status);
    return (await r.json()).rows;
  };
  const write = (rows) => new Promise((resolve, reject) => {
    const tx = db.transaction('docs', 'readwrite');
    const store = tx.objectStore('docs');
    for (const row of rows) store.put(row.doc, row.id);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  const t0 = performance.now();
  let written = 0;
  let rows = await fetchPage(null);
  while (rows.length) {
    const next = rows.length === pageSize ? fetchPage(rows[rows.length - 1].id) : Promise.resolve([]);
    await write(rows);
    written += rows.length;
    rows = await next;
  }
  const ms = performance.now() - t0;
  db.close();
  return { ms, written, count };
}

// (a) The app's own replicator: live sync of the page, stopped while the server is filled, then started.
async function benchOurs({ appUrl, dbUrl, n, out, profileCpu, trace, chromeTrace }) {
  const profile = await freshProfile();
  try {
    const page = await newPage(profile.context);
    if (trace) {
      // Font atlas uploads (a texture as wide as the atlas) on the page's clock, to line up with long frames.
      await page.addInitScript(() => {
        const upload = WebGL2RenderingContext.prototype.texImage2D;
        WebGL2RenderingContext.prototype.texImage2D = function () {
          (window.__atlasUploads = window.__atlasUploads || []).push(Math.round(performance.now()));
          return upload.apply(this, arguments);
        };
      });
    }
    await page.goto(appUrl);
    await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: 120000 });
    await page.evaluate(() => window.crm.ready);
    // Sync starts by itself once the (empty) store is loaded; wait until it has seen the empty database.
    await waitFor(async () => (await page.evaluate(() => window.crm.sync.status())).state === 'up_to_date',
      { timeout: 60000, interval: 100, message: 'the app to sync the empty database' });
    await page.evaluate(() => window.crm.sync.stop());
    log(`  filling the server with ${n} customers`);
    const fill = await fillServer(dbUrl, n);
    log(`    ${fill.ms} ms`);
    // The app's frames with nothing to do (the floor under the worst frame while syncing).
    await page.evaluate(installFrameRecorder);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await page.evaluate(() => window.__frames.stop());
    log(`  idle app: frame p50 ${idle.p50Ms.toFixed(1)} ms, worst ${idle.worstMs.toFixed(1)} ms`);

    log('  ours: crm.sync.start() → all pulled and saved to IndexedDB');
    const cdp = profileCpu ? await profile.context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    await page.evaluate(installFrameRecorder);
    await page.evaluate(() => performance.setResourceTimingBufferSize(100000));
    const stopChromeTrace = chromeTrace ? await startChromeTrace(await profile.context.newCDPSession(page)) : null;
    const paintBefore = (await page.evaluate(() => window.crm.stats())).paint;
    const result = await page.evaluate(pullInPage, n);
    if (stopChromeTrace) {
      const file = path.join(out, `sync_pull_ours_${n}.trace.json`);
      fs.mkdirSync(out, { recursive: true });
      await stopChromeTrace(file);
      log(`  Chromium trace: ${file}`);
      for (const line of describeChromeTrace(file)) log(`    ${line}`);
    }
    if (cdp) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      const file = path.join(out, `sync_pull_ours_${n}.cpuprofile`);
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(cpu));
      log(`  CPU profile: ${file}; self time:`);
      for (const [name, ms] of topSelfTime(cpu)) log(`    ${ms.toFixed(0).padStart(7)} ms  ${name}`);
      log('  stretches of main-thread work over 50 ms during the pull:');
      for (const line of describeStretches(longStretches(cpu))) log(`    ${line}`);
    }
    const { status, stats } = result;
    const paints = stats.paint.paints - paintBefore.paints;
    const paint = { paints, partial: stats.paint.partial - paintBefore.partial,
      areaShare: paints ? (stats.paint.areaShare - paintBefore.areaShare) / paints : 0 };
    if (trace) {
      log(`    frames over 50 ms [end, length]: ${JSON.stringify(result.frames.long)}`);
      log(`    main-thread tasks over 50 ms [end, length]: ${JSON.stringify(result.frames.longTasks)}`);
      log(`    font atlas uploads at: ${JSON.stringify(await page.evaluate(() => window.__atlasUploads || []))}`);
      const rows = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/db/'))
        .map((e) => [Math.round(e.startTime), Math.round(e.responseEnd), e.name.replace(/^.*\/db\/crm/, '').slice(0, 60), e.encodedBodySize]));
      for (const r of rows.slice(-60)) log('   ', r.join(' '));
    }
    if (status.state === 'failed' || status.state === 'login_required') throw new Error(`sync ${status.state}: ${status.lastError}`);
    if (stats.customers !== n) throw new Error(`the app holds ${stats.customers} customers after the pull, expected ${n}`);
    log(`    ${result.ms.toFixed(0)} ms (pulled at ${result.pulledMs.toFixed(0)} ms), worst frame ${result.frames.worstMs.toFixed(1)} ms`);
    log(`  the limit, same page: _all_docs?include_docs=true in pages of ${LIMIT_PAGE} → raw IndexedDB puts`);
    const limit = await page.evaluate(limitPullInPage, { count: n, pageSize: LIMIT_PAGE });
    if (limit.written !== n) throw new Error(`the limit baseline wrote ${limit.written} documents, expected ${n}`);
    log(`    ${limit.ms.toFixed(0)} ms`);
    return {
      fill,
      limit: summary(n, limit.ms, {}, { pageSize: LIMIT_PAGE }),
      ours: summary(n, result.ms, result.frames, { pulledMs: result.pulledMs, requests: status.requests, bytes: status.bytes,
        idleFrameP50Ms: idle.p50Ms, idleWorstFrameMs: idle.worstMs, paint }),
    };
  } finally {
    await profile.close();
  }
}

// (b) PouchDB's replicator in a blank page of the same origin, into an IndexedDB-adapter database.
async function benchPouch({ appUrl, n, adapter }) {
  const profile = await freshProfile();
  try {
    const page = await newPage(profile.context);
    const blank = new URL('pouchdb-bench.html', appUrl).href;
    await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>PouchDB</title>' }));
    await page.goto(blank);
    await page.addScriptTag({ path: path.join(pouchDir, 'pouchdb.min.js') });
    if (adapter === 'indexeddb') await page.addScriptTag({ path: path.join(pouchDir, 'pouchdb.indexeddb.min.js') });
    log(`  PouchDB ${await page.evaluate(() => window.PouchDB.version)}, adapter ${adapter}: replicate.from`);
    await page.evaluate(installFrameRecorder);
    const result = await page.evaluate(async ({ adapter }) => {
      const local = new window.PouchDB('bench', { adapter });
      const remote = new window.PouchDB(location.origin + '/db/crm');
      const t0 = performance.now();
      const rep = await local.replicate.from(remote);
      const t1 = performance.now();
      const frames = window.__frames.stop();
      const info = await local.info();
      return { ms: t1 - t0, frames, docsWritten: rep.docs_written, docCount: info.doc_count, adapter: local.adapter };
    }, { adapter });
    if (result.docCount !== n) throw new Error(`PouchDB (${adapter}) holds ${result.docCount} documents, expected ${n}`);
    log(`    ${result.ms.toFixed(0)} ms, worst frame ${result.frames.worstMs.toFixed(1)} ms`);
    return summary(n, result.ms, result.frames, { adapter: result.adapter, docsWritten: result.docsWritten });
  } finally {
    await profile.close();
  }
}

async function benchSize(n, opts) {
  log(`=== initial pull of ${n} customers ===`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-syncbench-server-'));
  const server = await startSyncServer({ port: await freePort(), dataDir });
  const app = await startStaticServer({ appDir: opts.appDir, port: 0, dbUrl: server.url });
  try {
    const appUrl = `http://127.0.0.1:${app.port}/`;
    const dbUrl = server.url + 'crm';
    const loadAverage = os.loadavg().map((v) => Number(v.toFixed(2)));
    const { fill, ours, limit } = await benchOurs({ appUrl, dbUrl, n, out: opts.out, profileCpu: opts.profile,
      trace: opts.trace, chromeTrace: opts.chromeTrace });
    const pouchdb = [];
    for (const adapter of opts.adapters) pouchdb.push(await benchPouch({ appUrl, n, adapter }));
    const ratios = Object.fromEntries(pouchdb.map((p) => [p.adapter, ours.docsPerSec / p.docsPerSec]));
    return { customers: n, loadAverage, serverFill: fill, ours, limit, limitRatio: limit.ms > 0 ? ours.ms / limit.ms : 0,
      pouchdb, ratios };
  } finally {
    await app.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rate = (v) => `${Math.round(v).toLocaleString('en-US')} docs/s`;
const secs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const ok = (pass) => (pass ? 'ok' : 'OVER');

// Table rows [what, value, budget, pass] (the format of run_benchmarks.mjs).
export function syncTableRows(results) {
  const rows = [];
  for (const r of results.runs) {
    const n = r.customers.toLocaleString('en-US');
    rows.push([`sync pull ${n}: load average at the start`, r.loadAverage.join(', '), '', '']);
    rows.push([`sync pull ${n}: ours`, `${secs(r.ours.ms)} (${rate(r.ours.docsPerSec)})`, '', '']);
    rows.push([`sync pull ${n}: the limit (paged _all_docs → raw puts)`, `${secs(r.limit.ms)} (${rate(r.limit.docsPerSec)})`, '', '']);
    rows.push([`sync pull ${n}: ours / the limit (time)`, `${r.limitRatio.toFixed(2)}×`, `≤ ${syncBudgets.limitRatio}×`,
      ok(r.limitRatio <= syncBudgets.limitRatio)]);
    for (const p of r.pouchdb) {
      rows.push([`sync pull ${n}: PouchDB ${p.adapter}`, `${secs(p.ms)} (${rate(p.docsPerSec)})`, '', '']);
      const ratio = r.ratios[p.adapter];
      rows.push([`sync pull ${n}: ours / PouchDB ${p.adapter}`, `${ratio.toFixed(2)}×`, `≥ ${syncBudgets.pullRatio}×`,
        ok(ratio >= syncBudgets.pullRatio)]);
    }
    rows.push([`sync pull ${n}: worst frame, ours`, `${r.ours.worstMs.toFixed(1)} ms (p99 ${r.ours.p99Ms.toFixed(1)} ms)`,
      `< ${syncBudgets.worstFrameMs} ms`, ok(r.ours.worstMs < syncBudgets.worstFrameMs)]);
    rows.push([`sync pull ${n}: longest main-thread task, ours`,
      r.ours.worstTaskMs ? `${r.ours.worstTaskMs} ms (${r.ours.longTasks.length} over 50 ms)` : 'none over 50 ms',
      `none over ${syncBudgets.longestTaskMs} ms`, ok(r.ours.longTasks.length === 0)]);
    rows.push([`sync pull ${n}: frames painted while pulling, ours`, `${r.ours.paint.paints} (${r.ours.paint.partial} in part; ` +
      `${Math.round(r.ours.paint.areaShare * 100)}% of the canvas each on average)`, '', '']);
    rows.push([`sync pull ${n}: app frames before the pull (idle)`,
      `worst ${r.ours.idleWorstFrameMs.toFixed(1)} ms (p50 ${r.ours.idleFrameP50Ms.toFixed(1)} ms)`, '', '']);
    for (const p of r.pouchdb) {
      rows.push([`sync pull ${n}: worst frame, PouchDB ${p.adapter}`, `${p.worstMs.toFixed(1)} ms (p99 ${p.p99Ms.toFixed(1)} ms)`, '', '']);
    }
  }
  return rows;
}

// Runs every size; returns the results (also written to <out>/sync_pull.json).
export async function runSyncPullBench(opts) {
  const appDir = opts.appDir || process.env.CRM_APP_DIR || path.join(root, 'build/wasm/app');
  if (!fs.existsSync(path.join(appDir, 'crm.wasm'))) throw new Error(`${appDir}/crm.wasm missing: build the wasm app first`);
  const started = Date.now();
  const results = { date: new Date().toISOString(), mode: opts.smoke ? 'smoke' : 'full', budgets: syncBudgets,
    server: 'PouchDB Server (LevelDB on disk), through the app server\'s /db/ forwarder', runs: [] };
  for (const n of opts.sizes) results.runs.push(await benchSize(n, { ...opts, appDir }));
  results.wallSeconds = (Date.now() - started) / 1000;
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(path.join(opts.out, 'sync_pull.json'), JSON.stringify(results, null, 2) + '\n');
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseSyncArgs(process.argv.slice(2));
  runSyncPullBench(opts).then((results) => {
    console.log(formatTable(syncTableRows(results)));
    console.log(`\n${results.wallSeconds.toFixed(0)} s; written ${path.relative(process.cwd(), path.join(opts.out, 'sync_pull.json'))}`);
    process.exit(0);
  }, (err) => {
    console.error('[sync bench] FAILED:', err && err.stack || err);
    process.exit(1);
  });
}
