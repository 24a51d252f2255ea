// The benchmark command (./crm bench, issue 3): measures the app against the budgets of DESIGN.md section 6
// and prints a table; writes bench-output/results.json. Benchmarks never fail on time: the exit code is
// non-zero only when something broke (the app did not start, a write failed, a count is wrong).
//
//   node tests/bench/run_benchmarks.mjs [--size N | --large | --smoke] [--out DIR] [--in-memory] [--no-sync | --sync-only]
//                                       [--no-search-demo] [--demo-fill]
//
//   --size N      customers to write and load (default 10000)
//   --large       run 10000 and then 100000
//   --smoke       200 customers, one reload: proves the benchmark runs (the test suite calls this)
//   --out DIR     where results.json goes (default bench-output)
//   --in-memory   use Playwright's throw-away browser contexts (IndexedDB in memory) instead of a
//                 fresh on-disk Chromium profile per size (the default, like a real install)
//   --no-sync     leave out the sync pull benchmark; --sync-only: run only that one
//   --no-search-demo  leave out the in-browser search and demo generation benchmark (issue 6)
//   --demo-fill   also time the real ?demo fill of 10,000 customers (IndexedDB, indexed)
//
// Per size, in a fresh browser profile: (1) bulk-write N customers through crm.bulk in slices of 5,000,
// timed until durably saved, against a raw IndexedDB baseline in the same page (same records as JSON
// strings, one transaction per 5,000 with strict durability — on disk when the timer stops, as crm.bulk's last
// transaction is — run before and after ours, averaged); (2) reload with N stored and
// time open-to-interactive from navigation start and from wasm runtime initialisation (wasm downloaded,
// compiled, instantiated) to crm.ready; (3) memory after load: wasm memory and JS heap (after a GC);
// (4) native search per keystroke (build/native/tests/search_bench N); (5) download size: gzip -9 of
// crm.wasm + crm.js (fonts in crm.data excluded). Then (issue 4) the initial pull of the same sizes from PouchDB
// Server, ours vs PouchDB's replicator (tests/bench/sync_pull_bench.mjs; 300 documents in smoke mode).
// And (issue 6, tests/bench/search_demo_bench.mjs) in the browser: search latency per keystroke over 100,000
// demo customers (p50, p99) and demo generation of 10,000 and 100,000 customers (2,000 and 200 in smoke mode).
// And (issue 18, tests/bench/startup_bench.mjs) opening the app on an empty database, each open in a fresh
// profile: wasm initialised → interactive (median of 5 opens, 1 in smoke mode) and the start-up's phases.
// And (issue 17, tests/bench/survey_analysis_bench.mjs) the survey analysis of 100,000 answers from 20,000
// customers: a full recomputation and the longest of its frame-loop steps (2,000 answers in smoke mode).
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startApp } from '../e2e/support.mjs';
import { makeCustomers } from './customers.mjs';
import { runSyncPullBench, syncTableRows } from './sync_pull_bench.mjs';
import { benchSearchDemo, searchDemoRows } from './search_demo_bench.mjs';
import { benchSurveyAnalysis, surveyRows } from './survey_analysis_bench.mjs';
import { benchComplaints, complaintRows } from './complaints_bench.mjs';
import { runDemoOpenBench, demoOpenRows, pageHooks } from './demo_open_bench.mjs';
import { runStartupBench, startupRows } from './startup_bench.mjs';
import { formatTable } from './table.mjs';

export { formatTable };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appDir = process.env.CRM_APP_DIR || path.join(root, 'build/wasm/app');
const nativeDir = process.env.CRM_NATIVE_BUILD || path.join(root, 'build/native');
const SLICE = 5000;
const MB = 1024 * 1024;

// The DESIGN.md section 6 budgets this command checks.
export const budgets = {
  bulkRatio: 1.2,               // ours / raw IndexedDB, same page (issue 18)
  openAfterWasmMs10k: 1000,     // interactive after the wasm is loaded, 10,000 customers
  openAfterWasmMs100k: 3000,    // same, 100,000 customers
  memoryBytes100k: 300 * MB,    // wasm memory + JS heap after load, 100,000 customers
  searchKeystrokeMs: 10,        // per keystroke over 100,000 customers
  downloadGzipBytes: 1.5 * MB,  // crm.wasm + crm.js, gzip, fonts excluded
};

const log = (...a) => console.error('[bench]', ...a);

export function parseArgs(argv) {
  const opts = { sizes: [10000], out: path.join(root, 'bench-output'), smoke: false, inMemory: false, reloads: 2,
    sync: true, syncOnly: false, searchDemo: true, demoFill: false, demoOpen: true, large: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--size') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`--size needs a positive integer, got ${argv[i]}`);
      opts.sizes = [n];
    } else if (a.startsWith('--size=')) {
      opts.sizes = [Number(a.slice(7))];
    } else if (a === '--large') {
      opts.sizes = [10000, 100000];
      opts.large = true;
    } else if (a === '--smoke') {
      opts.smoke = true; opts.sizes = [200]; opts.reloads = 1;
    } else if (a === '--out') {
      opts.out = path.resolve(argv[++i]);
    } else if (a === '--in-memory') {
      opts.inMemory = true;
    } else if (a === '--no-sync') {
      opts.sync = false;
    } else if (a === '--sync-only') {
      opts.syncOnly = true;
    } else if (a === '--no-search-demo') {
      opts.searchDemo = false;
    } else if (a === '--no-demo-open') {
      opts.demoOpen = false;
    } else if (a === '--demo-fill') {
      opts.demoFill = true;
    } else if (a === '--help' || a === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown option ${a} (use --size N, --large, --smoke, --out DIR, --in-memory, --no-sync, --sync-only, --no-search-demo, --no-demo-open, --demo-fill)`);
    }
  }
  return opts;
}

const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox'];

// A fresh browser profile for one size: on disk (default) or Playwright's in-memory context.
async function freshContext(app, opts) {
  if (opts.inMemory) {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    return { context, close: () => context.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

async function waitReady(page, timeoutMs) {
  await page.waitForFunction(() => window.crm && window.crm.ready, null, { timeout: timeoutMs });
  await page.evaluate(() => window.crm.ready);
  await page.waitForFunction(() => window.__bench && window.__bench.ready !== null, null, { timeout: timeoutMs });
}

// Open-to-interactive of the page just navigated to, on the page's clock.
function openTimings(page) {
  return page.evaluate(() => {
    const res = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.split('?')[0].endsWith(suffix));
    const wasm = res('/crm.wasm'), data = res('/crm.data'), js = res('/crm.js');
    const b = window.__bench;
    return {
      readyMs: b.ready,
      runtimeInitializedMs: b.runtimeInitialized,
      afterWasmMs: b.runtimeInitialized === null ? null : b.ready - b.runtimeInitialized,
      wasmResponseEndMs: wasm ? wasm.responseEnd : null,
      afterWasmDownloadMs: wasm ? b.ready - wasm.responseEnd : null,
      dataResponseEndMs: data ? data.responseEnd : null,
      jsResponseEndMs: js ? js.responseEnd : null,
    };
  });
}

async function memoryAfterLoad(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
    const inPage = await page.evaluate(() => ({
      wasmBytes: window.Module && window.Module.HEAP8 ? window.Module.HEAP8.length : null,
      usedJSHeapSize: performance.memory ? performance.memory.usedJSHeapSize : null,
    }));
    const jsHeapBytes = metric('JSHeapUsedSize') ?? inPage.usedJSHeapSize;
    return {
      wasmBytes: inPage.wasmBytes,
      jsHeapBytes,
      performanceMemoryUsedJSHeapSize: inPage.usedJSHeapSize,
      totalBytes: (inPage.wasmBytes || 0) + (jsHeapBytes || 0),
    };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// Writes N customers through crm.bulk, and the same records raw into another database, in the same page.
async function bulkWrite(page, n) {
  await page.evaluate((src) => { window.__makeCustomers = (0, eval)('(' + src + ')'); }, makeCustomers.toString());
  const raw = async (dbName) => page.evaluate(async ({ n, slice, dbName }) => {
    const open = () => new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => { req.result.createObjectStore('docs'); req.result.createObjectStore('meta'); };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const db = await open();
    let total = 0;
    for (let start = 0; start < n; start += slice) {
      const docs = window.__makeCustomers(start, Math.min(slice, n - start));
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        // Strict, like crm.bulk's last transaction (web/idb_persistence.cpp): both are on disk, not in the system's
        // buffers, when their timer stops. (Chromium's default durability is relaxed: no flush.)
        const tx = db.transaction(['docs', 'meta'], 'readwrite', { durability: 'strict' });
        const store = tx.objectStore('docs');
        for (const d of docs) {
          const rev = '1-' + (d._id.length * 2654435761 >>> 0).toString(16).padStart(32, '0');
          store.put(JSON.stringify({ ...d, _rev: rev }), d._id);
        }
        tx.objectStore('meta').put(String(start + docs.length), 'seq');
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      total += performance.now() - t0;
    }
    const count = await new Promise((resolve, reject) => {
      const req = db.transaction('docs').objectStore('docs').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    await new Promise((resolve) => { const r = indexedDB.deleteDatabase(dbName); r.onsuccess = r.onerror = r.onblocked = resolve; });
    return { ms: total, count };
  }, { n, slice: SLICE, dbName });

  const ours = () => page.evaluate(async ({ n, slice }) => {
    let total = 0, ok = 0;
    for (let start = 0; start < n; start += slice) {
      const docs = window.__makeCustomers(start, Math.min(slice, n - start));
      const t0 = performance.now();
      const results = await window.crm.bulk(docs);
      total += performance.now() - t0;
      ok += results.filter((r) => r.ok).length;
    }
    const stats = await window.crm.stats();
    return { ms: total, ok, customers: stats.customers, documents: stats.documents, saveState: stats.saveState };
  }, { n, slice: SLICE });

  log(`  raw IndexedDB baseline (before), ${n} records`);
  const rawBefore = await raw('crm-bench-raw-1');
  log(`    ${rawBefore.ms.toFixed(0)} ms`);
  log(`  crm.bulk, ${n} customers in slices of ${SLICE}`);
  const our = await ours();
  log(`    ${our.ms.toFixed(0)} ms`);
  log(`  raw IndexedDB baseline (after)`);
  const rawAfter = await raw('crm-bench-raw-2');
  log(`    ${rawAfter.ms.toFixed(0)} ms`);

  if (our.ok !== n || our.customers !== n) throw new Error(`crm.bulk wrote ${our.ok} of ${n} (stats: ${our.customers} customers)`);
  if (rawBefore.count !== n || rawAfter.count !== n) throw new Error(`raw baseline stored ${rawBefore.count}/${rawAfter.count} of ${n}`);
  const rawMs = (rawBefore.ms + rawAfter.ms) / 2;
  return {
    docs: n,
    slice: SLICE,
    oursMs: our.ms,
    rawMs,
    rawBeforeMs: rawBefore.ms,
    rawAfterMs: rawAfter.ms,
    oursDocsPerSec: n / (our.ms / 1000),
    rawDocsPerSec: n / (rawMs / 1000),
    ratio: our.ms / rawMs,
    budgetRatio: budgets.bulkRatio,
  };
}

function nativeSearch(n) {
  const exe = path.join(nativeDir, 'tests', 'search_bench');
  if (!fs.existsSync(exe)) return { skipped: `${exe} not built` };
  log(`  native search_bench ${n}`);
  const t0 = Date.now();
  const r = spawnSync(exe, [String(n)], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (r.status !== 0) throw new Error(`search_bench exited ${r.status}: ${r.stderr || r.error}`);
  const lines = r.stdout.trim().split('\n');
  const queries = [];
  let buildMs = null;
  let keystrokes = null;
  for (const line of lines) {
    let m = /^build: ([\d.]+) ms/.exec(line);
    if (m) buildMs = Number(m[1]);
    m = /^session keystrokes (\d+): p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms, first keystroke worst ([\d.]+) ms/.exec(line);
    if (m) {
      keystrokes = { count: Number(m[1]), p50Ms: Number(m[2]), p99Ms: Number(m[3]), maxMs: Number(m[4]),
        firstKeystrokeWorstMs: Number(m[5]) };
    }
    m = /^(\S+)\s+keystrokes (\d+): full scan worst ([\d.]+) ms \(mean ([\d.]+)\), session worst ([\d.]+) ms, (\d+) matches/.exec(line);
    if (m) {
      queries.push({ typed: m[1], keystrokes: Number(m[2]), fullWorstMs: Number(m[3]), fullMeanMs: Number(m[4]),
        sessionWorstMs: Number(m[5]), matches: Number(m[6]) });
    }
  }
  const worst = (k) => (queries.length ? Math.max(...queries.map((q) => q[k])) : null);
  return {
    customers: n,
    buildMs,
    worstFullScanMs: worst('fullWorstMs'),
    worstSessionMs: worst('sessionWorstMs'),
    keystrokes,
    queries,
    output: r.stdout,
    wallMs: Date.now() - t0,
  };
}

function downloadSize() {
  const size = (f) => {
    const bytes = fs.readFileSync(path.join(appDir, f));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const wasm = size('crm.wasm'), js = size('crm.js');
  let data = null;
  try {  // the baked atlases (crm.data) and the font files fetched after start-up
    data = ['crm.data', 'fonts/latin.ttf', 'fonts/cjk.ttf'].reduce((sum, f) => sum + fs.statSync(path.join(appDir, f)).size, 0);
  } catch { /* no fonts package */ }
  return { wasm, js, gzipBytes: wasm.gzip + js.gzip, rawBytes: wasm.raw + js.raw, fontsDataBytesExcluded: data,
    budgetBytes: budgets.downloadGzipBytes };
}

async function benchSize(app, n, opts) {
  log(`=== ${n} customers (${opts.inMemory ? 'in-memory context' : 'fresh on-disk profile'}) ===`);
  const profile = await freshContext(app, opts);
  try {
    const { context } = profile;
    await context.addInitScript(pageHooks);
    const page = await context.newPage();
    page.on('pageerror', (e) => log('[page error]', e.message));
    page.on('console', (m) => { if (m.type() === 'error') log('[console]', m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) log(`[http ${r.status()}]`, r.url()); });
    page.setDefaultTimeout(30 * 60 * 1000);
    await page.goto(app.url);
    await waitReady(page, 120000);
    const empty = await openTimings(page);
    log(`  empty app interactive at ${empty.readyMs.toFixed(0)} ms`);

    const bulk = await bulkWrite(page, n);

    const opens = [];
    for (let r = 0; r < opts.reloads; ++r) {
      log(`  reload ${r + 1}/${opts.reloads} with ${n} stored`);
      await page.reload();
      await waitReady(page, 30 * 60 * 1000);
      const t = await openTimings(page);
      const stats = await page.evaluate(() => window.crm.stats());
      if (stats.customers !== n) throw new Error(`after reload ${stats.customers} customers, expected ${n}`);
      log(`    interactive at ${t.readyMs.toFixed(0)} ms, ${t.afterWasmMs?.toFixed(0)} ms after wasm runtime init`);
      opens.push(t);
    }
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
    const budgetOpen = n > 10000 ? budgets.openAfterWasmMs100k : budgets.openAfterWasmMs10k;
    const open = {
      customers: n,
      readyMs: median(opens.map((o) => o.readyMs)),
      afterWasmMs: median(opens.map((o) => o.afterWasmMs)),
      afterWasmDownloadMs: median(opens.map((o) => o.afterWasmDownloadMs)),
      runs: opens,
      emptyApp: empty,
      budgetAfterWasmMs: budgetOpen,
    };
    const memory = { customers: n, ...(await memoryAfterLoad(page)), budgetBytes: n > 10000 ? budgets.memoryBytes100k : null };
    log(`  memory: wasm ${(memory.wasmBytes / MB).toFixed(1)} MB, JS heap ${(memory.jsHeapBytes / MB).toFixed(1)} MB`);
    await page.close();
    const search = nativeSearch(n);
    return { customers: n, bulkWrite: bulk, open, memory, search };
  } finally {
    await profile.close();
  }
}

const fmtMs = (v) => (v == null ? 'n/a' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
const fmtMB = (v) => (v == null ? 'n/a' : `${(v / MB).toFixed(1)} MB`);
const fmtRate = (v) => `${Math.round(v).toLocaleString('en-US')} docs/s`;
const verdict = (ok) => (ok == null ? '' : ok ? 'ok' : 'OVER');

export function tableRows(results) {
  const rows = [];
  for (const r of results.runs) {
    const n = r.customers.toLocaleString('en-US');
    const b = r.bulkWrite;
    rows.push([`bulk write ${n}: crm.bulk`, `${fmtMs(b.oursMs)} (${fmtRate(b.oursDocsPerSec)})`, '', '']);
    rows.push([`bulk write ${n}: raw IndexedDB`, `${fmtMs(b.rawMs)} (${fmtRate(b.rawDocsPerSec)})`, '', '']);
    rows.push([`bulk write ${n}: ours / raw`, `${b.ratio.toFixed(2)}×`, `≤ ${b.budgetRatio}×`, verdict(b.ratio <= b.budgetRatio)]);
    const o = r.open;
    rows.push([`open ${n}: navigation → interactive`, fmtMs(o.readyMs), '', '']);
    rows.push([`open ${n}: wasm initialised → interactive`, fmtMs(o.afterWasmMs), `< ${fmtMs(o.budgetAfterWasmMs)}`,
      verdict(o.afterWasmMs < o.budgetAfterWasmMs)]);
    rows.push([`open ${n}: wasm downloaded → interactive`, fmtMs(o.afterWasmDownloadMs), '', '']);
    const m = r.memory;
    rows.push([`memory ${n}: wasm memory`, fmtMB(m.wasmBytes), '', '']);
    rows.push([`memory ${n}: JS heap (after GC)`, fmtMB(m.jsHeapBytes), '', '']);
    rows.push([`memory ${n}: total`, fmtMB(m.totalBytes), m.budgetBytes ? `< ${fmtMB(m.budgetBytes)}` : '(budget at 100k)',
      m.budgetBytes ? verdict(m.totalBytes < m.budgetBytes) : '']);
    const s = r.search;
    if (s.skipped) {
      rows.push([`search ${n} (native)`, `skipped: ${s.skipped}`, '', '']);
    } else {
      const budget = r.customers >= 100000 ? `< ${budgets.searchKeystrokeMs} ms` : `(budget at 100k: < ${budgets.searchKeystrokeMs} ms)`;
      rows.push([`search ${n} (native): worst keystroke, session`, fmtMs(s.worstSessionMs), budget,
        r.customers >= 100000 ? verdict(s.worstSessionMs < budgets.searchKeystrokeMs) : '']);
      rows.push([`search ${n} (native): worst keystroke, full scan`, fmtMs(s.worstFullScanMs), '', '']);
      if (s.keystrokes) {
        rows.push([`search ${n} (native): keystroke p50 / p99 (${s.keystrokes.count} keystrokes)`,
          `${fmtMs(s.keystrokes.p50Ms)} / ${fmtMs(s.keystrokes.p99Ms)}`, '', '']);
      }
    }
  }
  const d = results.download;
  rows.push(['download: crm.wasm + crm.js, gzip -9', `${fmtMB(d.gzipBytes)} (wasm ${fmtMB(d.wasm.gzip)}, js ${fmtMB(d.js.gzip)})`,
    `< ${fmtMB(d.budgetBytes)}`, verdict(d.gzipBytes < d.budgetBytes)]);
  return rows;
}


export async function main(argv = process.argv.slice(2)) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log('usage: node tests/bench/run_benchmarks.mjs [--size N | --large | --smoke] [--out DIR] [--in-memory] [--no-sync | --sync-only] [--no-search-demo] [--demo-fill]');
    return null;
  }
  for (const f of ['crm.js', 'crm.wasm', 'index.html']) {
    if (!fs.existsSync(path.join(appDir, f))) throw new Error(`${path.join(appDir, f)} missing: build the wasm app first (./crm bench builds it)`);
  }
  const started = Date.now();
  const results = {
    date: new Date().toISOString(),
    mode: opts.smoke ? 'smoke' : 'full',
    storage: opts.inMemory ? 'in-memory browser context' : 'fresh on-disk Chromium profile per size',
    host: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    budgets,
    runs: [],
    download: downloadSize(),
  };
  if (!opts.syncOnly) {
    log(`=== open the empty app (issue 18), load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} ===`);
    results.startup = await runStartupBench({ appDir, opens: opts.smoke ? 1 : 5, log });
    const app = await startApp();
    try {
      results.browser = app.browser.version();
      for (const n of opts.sizes) results.runs.push(await benchSize(app, n, opts));
      if (opts.searchDemo) {
        log('=== search and demo generation in the browser ===');
        results.searchDemo = await benchSearchDemo(app, {
          searchCustomers: opts.smoke ? 2000 : 100000,
          demoSizes: opts.smoke ? [200] : [10000, 100000],
          fill: opts.demoFill,
          runs: opts.smoke ? 1 : 3,
          log,
        });
        fs.mkdirSync(opts.out, { recursive: true });
        fs.writeFileSync(path.join(opts.out, 'search_demo.json'), JSON.stringify(results.searchDemo, null, 2) + '\n');
      }
      log('=== survey analysis in the browser (issue 17) ===');
      results.surveys = await benchSurveyAnalysis(app, opts.smoke ? { answers: 2000, customers: 400, log } : { log });
      log('=== complaints board and summary in the browser (issue 17) ===');
      results.complaints = await benchComplaints(app, opts.smoke ? { size: 200, repeat: 2, log } : { log });
    } finally {
      await app.close();
    }
  }
  if (opts.demoOpen && !opts.syncOnly) {
    log('=== the real-shop demo mixes: fill, save, reopen (issue 14) ===');
    results.demoOpen = await runDemoOpenBench({ sizes: opts.smoke ? [300] : opts.large ? [10000, 50000, 100000] : opts.sizes,
      reloads: opts.smoke ? 1 : 2, out: opts.out, log });
  }
  if (opts.sync || opts.syncOnly) {
    results.syncPull = await runSyncPullBench({ sizes: opts.smoke ? [300] : opts.sizes, out: opts.out, smoke: opts.smoke,
      appDir, adapters: ['idb', 'indexeddb'] });
  }
  results.wallSeconds = (Date.now() - started) / 1000;
  fs.mkdirSync(opts.out, { recursive: true });
  const file = path.join(opts.out, 'results.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(formatTable([...(results.startup ? startupRows(results.startup) : []), ...tableRows(results), ...(results.demoOpen ? demoOpenRows(results.demoOpen) : []),
    ...(results.searchDemo ? searchDemoRows(results.searchDemo) : []),
    ...(results.surveys ? surveyRows(results.surveys) : []),
    ...(results.complaints ? complaintRows(results.complaints) : []),
    ...(results.syncPull ? syncTableRows(results.syncPull) : [])]));
  for (const r of results.runs) {
    if (r.search.output) console.log(`\nsearch_bench ${r.customers}:\n${r.search.output.trimEnd()}`);
  }
  console.log(`\n${results.storage}; Chromium ${results.browser ?? '(not started)'}, ${results.host.cpus} CPUs; ${results.wallSeconds.toFixed(0)} s; written ${path.relative(process.cwd(), file) || file}`);
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(() => process.exit(0), (err) => {
    console.error('[bench] FAILED:', err && err.stack || err);
    process.exit(1);
  });
}
