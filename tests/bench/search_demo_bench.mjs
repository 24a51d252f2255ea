// In-browser benchmarks of issue 6 (measures only; never fails on time), part of ./crm bench
// (run_benchmarks.mjs) and runnable alone: search latency per keystroke over 100,000 demo customers (p50,
// p99 against the 10 ms budget, measured inside the page around the core search call:
// crm.comfort.benchSearch) and demo generation time for 10,000 and 100,000 customers (crm.comfort.benchDemo:
// every document generated), optionally the real ?demo fill of 10,000 into IndexedDB (until saved and indexed).
//
//   node tests/bench/search_demo_bench.mjs [--customers N] [--demo N,N] [--fill] [--runs R] [--out DIR]
//
// --runs R types everything R times (a new index each time) and also reports p50/p99 of each keystroke's
// fastest run: on a busy machine that separates the search's own time from other processes' interference.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../e2e/support.mjs';

export const searchBudgetMs = 10;

// Queries staff type, one keystroke at a time: names in pinyin, initials, mixed, Han; phone fragments; plates;
// VIN tails; company and tag words. Every prefix is a measured keystroke, the first character included.
export const benchQueries = ['zhangwei', 'zw', '张w', '张伟', 'wangfang', 'lina', 'chen', 'liu', 'ouyang', 'shanxin',
  '13800', '8000', '138 0013', '粤B', '京A1', 'LSVAB', '123456', '星辰', 'VIP'];

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// Runs the measurements in a fresh page of `app` (tests/e2e/support.mjs startApp).
export async function benchSearchDemo(app, { searchCustomers = 100000, demoSizes = [10000, 100000], fill = false,
  runs = 1, log = () => {} } = {}) {
  const result = { search: null, demo: [], fill: null };
  const page = await app.newPage();
  try {
    log(`  in-browser search over ${searchCustomers} demo customers`);
    const r = await page.evaluate(([n, q]) => window.crm.comfort.benchSearch(n, q), [searchCustomers, benchQueries]);
    const times = r.keystrokes.map((k) => k.ms);
    // The first keystroke of each query: a one-character query, the one that used to scan everything.
    const first = r.keystrokes.filter((k) => [...k.q].length === 1).map((k) => k.ms);
    result.search = {
      customers: r.customers,
      generateMs: r.generateMs,
      indexMs: r.indexMs,
      keystrokeCount: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: Math.max(...times),
      firstKeystrokeMaxMs: first.length ? Math.max(...first) : null,
      budgetMs: searchBudgetMs,
      overBudget: r.keystrokes.filter((k) => k.ms >= searchBudgetMs).map((k) => ({ q: k.q, ms: k.ms })),
      keystrokes: r.keystrokes,
    };
    log(`    p50 ${result.search.p50Ms.toFixed(2)} ms, p99 ${result.search.p99Ms.toFixed(2)} ms`);
    if (runs > 1) {
      const fastest = [...times];
      for (let run = 1; run < runs; ++run) {
        const again = await page.evaluate(([n, q]) => window.crm.comfort.benchSearch(n, q), [searchCustomers, benchQueries]);
        again.keystrokes.forEach((k, i) => { fastest[i] = Math.min(fastest[i], k.ms); });
      }
      result.search.fastestOfRuns = { runs, p50Ms: percentile(fastest, 50), p99Ms: percentile(fastest, 99),
        maxMs: Math.max(...fastest), keystrokes: r.keystrokes.map((k, i) => ({ q: k.q, ms: fastest[i] })) };
      log(`    fastest of ${runs} runs: p50 ${result.search.fastestOfRuns.p50Ms.toFixed(2)} ms, p99 ${result.search.fastestOfRuns.p99Ms.toFixed(2)} ms`);
    }
    for (const n of demoSizes) {
      log(`  demo generation of ${n} customers`);
      const g = await page.evaluate((count) => window.crm.comfort.benchDemo(count), n);
      result.demo.push({ customers: n, documents: g.documents, ms: g.ms, docsPerSecond: g.documents / (g.ms / 1000) });
      log(`    ${g.documents} documents in ${g.ms.toFixed(0)} ms`);
    }
  } finally {
    await page.close();
  }
  if (fill) result.fill = await demoFill(app, log);
  return result;
}

// The real ?demo: 10,000 customers generated, written to IndexedDB and indexed, from navigation.
async function demoFill(app, log) {
  log('  ?demo fill of 10,000 customers');
  const t0 = Date.now();
  const demo = await app.newPage({ query: '?demo' });
  try {
    // A plain (non-promise) predicate: waitForFunction polls it in the page.
    await demo.waitForFunction(() => {
      const s = JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['comfort.status', 'null'])).result;
      return s.demoTotal === 10000 && !s.demoFilling && s.searchPending === 0;
    }, null, { timeout: 900000, polling: 500 });
    await demo.evaluate(() => window.crm.whenSaved());
    const stats = await demo.evaluate(() => window.crm.stats());
    return { customers: stats.customers, documents: stats.documents, ms: Date.now() - t0 };
  } finally {
    await demo.close();
  }
}

const fmt = (v) => (v == null ? 'n/a' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);

// Rows [what, value, budget, pass] for run_benchmarks.mjs' table.
export function searchDemoRows(r) {
  const rows = [];
  const s = r.search;
  if (s) {
    const n = s.customers.toLocaleString('en-US');
    const budgeted = s.customers >= 100000;
    const budget = budgeted ? `< ${s.budgetMs} ms` : `(budget at 100k: < ${s.budgetMs} ms)`;
    const verdict = (v) => (budgeted ? (v < s.budgetMs ? 'ok' : 'OVER') : '');
    rows.push([`search ${n} (browser): keystroke p50 (${s.keystrokeCount} keystrokes)`, fmt(s.p50Ms), budget, verdict(s.p50Ms)]);
    rows.push([`search ${n} (browser): keystroke p99`, fmt(s.p99Ms), budget, verdict(s.p99Ms)]);
    rows.push([`search ${n} (browser): worst keystroke`, fmt(s.maxMs), '', '']);
    if (s.fastestOfRuns) {
      const f = s.fastestOfRuns;
      rows.push([`search ${n} (browser): keystroke p50 / p99, fastest of ${f.runs} runs`, `${fmt(f.p50Ms)} / ${fmt(f.p99Ms)}`,
        budget, budgeted ? (f.p99Ms < s.budgetMs ? 'ok' : 'OVER') : '']);
    }
    rows.push([`search ${n} (browser): worst first keystroke`, fmt(s.firstKeystrokeMaxMs), '', '']);
    rows.push([`search ${n} (browser): index build`, fmt(s.indexMs), '', '']);
  }
  for (const d of r.demo) {
    rows.push([`demo generation ${d.customers.toLocaleString('en-US')} (browser)`,
      `${fmt(d.ms)} (${d.documents.toLocaleString('en-US')} docs)`, '', '']);
  }
  if (r.fill) {
    rows.push([`?demo fill ${r.fill.customers.toLocaleString('en-US')}: navigation → saved + indexed`,
      `${fmt(r.fill.ms)} (${r.fill.documents.toLocaleString('en-US')} docs)`, '', '']);
  }
  return rows;
}

async function cli(argv) {
  const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const options = {
    searchCustomers: Number(arg('--customers')) || 100000,
    demoSizes: arg('--demo') ? arg('--demo').split(',').map(Number) : [10000, 100000],
    fill: argv.includes('--fill'),
    runs: Number(arg('--runs')) || 1,
    log: (...a) => console.error('[bench]', ...a),
  };
  const app = await startApp();
  let result;
  try {
    result = await benchSearchDemo(app, options);
  } finally {
    await app.close();
  }
  for (const row of searchDemoRows(result)) console.log(row.filter(Boolean).join('  '));
  if (result.search.overBudget.length) {
    console.log(`over budget: ${result.search.overBudget.map((k) => `${k.q} ${k.ms.toFixed(1)} ms`).join(', ')}`);
  }
  const out = arg('--out');
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'search_demo.json'), JSON.stringify(result, null, 2) + '\n');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(() => process.exit(0), (err) => {
    console.error('[bench] FAILED:', err && err.stack || err);
    process.exit(1);
  });
}
