// The benchmark command runs end to end (issue 3): --smoke writes 200 customers, reloads, measures memory,
// search and download size; then (issue 4) 300 customers are pulled from PouchDB Server by our replicator and
// by PouchDB's; then (issue 6) search per keystroke and demo generation in the browser. Asserts that every
// measurement is there with a positive number; never timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from './run_benchmarks.mjs';

const out = path.join(process.env.CRM_TEST_OUTPUT || 'test-output', 'bench-smoke');

const positive = (v, what) => assert.ok(typeof v === 'number' && Number.isFinite(v) && v > 0, `${what} = ${v}`);

test('the benchmark runs in smoke mode and reports every measurement', { timeout: 10 * 60 * 1000 }, async () => {
  const results = await main(['--smoke', '--out', out]);
  const written = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
  assert.deepEqual(written.runs.map((r) => r.customers), [200]);
  assert.equal(results.runs.length, 1);
  const [run] = written.runs;

  for (const k of ['oursMs', 'rawMs', 'oursDocsPerSec', 'rawDocsPerSec', 'ratio']) positive(run.bulkWrite[k], `bulkWrite.${k}`);
  assert.equal(run.bulkWrite.docs, 200);
  for (const k of ['readyMs', 'afterWasmMs', 'afterWasmDownloadMs']) positive(run.open[k], `open.${k}`);
  assert.ok(run.open.runs.length >= 1);
  for (const k of ['wasmBytes', 'jsHeapBytes', 'totalBytes']) positive(run.memory[k], `memory.${k}`);

  assert.ok(!run.search.skipped, `native search benchmark skipped: ${run.search.skipped}`);
  positive(run.search.worstSessionMs, 'search.worstSessionMs');
  positive(run.search.worstFullScanMs, 'search.worstFullScanMs');
  assert.ok(run.search.queries.length > 0, 'search_bench printed per-query lines');

  // The real-shop demo mix (issue 14): filled, saved, reopened with every document, and measured.
  const demo = JSON.parse(fs.readFileSync(path.join(out, 'demo_open.json'), 'utf8'));
  assert.deepEqual(demo.runs.map((r) => r.customers), [300]);
  const [open] = demo.runs;
  assert.ok(open.documents > 300 * 3, `the demo mix has several documents a customer: ${open.documents}`);
  for (const k of ['readyMs', 'afterWasmMs', 'heapBytes', 'allocatedBytes', 'packedBytes', 'jsHeapBytes']) positive(open.best[k], `demoOpen.${k}`);
  for (const k of ['readyUs', 'allocatedBytes', 'packedBytes']) positive(open.perDocument[k], `demoOpen.perDocument.${k}`);

  // Opening the empty app (issue 18): timed in a fresh profile, with the app's own work and its phases in order.
  for (const k of ['afterWasmMs', 'appWorkMs', 'readyMs']) positive(written.startup[k], `startup.${k}`);
  const marks = written.startup.marks;
  for (const k of ['window', 'main done', 'font atlas built', 'first frame', 'store loaded', 'ready']) positive(marks[k], `startup mark ${k}`);
  assert.ok(marks.window <= marks['main done'] && marks['main done'] <= marks['first frame'] && marks['first frame'] <= marks.ready);

  for (const k of ['gzipBytes', 'rawBytes']) positive(written.download[k], `download.${k}`);
  positive(written.download.wasm.gzip, 'download.wasm.gzip');
  positive(written.download.js.gzip, 'download.js.gzip');

  // The sync pull: every document arrived on both sides (the benchmark throws otherwise) and was measured.
  const sync = JSON.parse(fs.readFileSync(path.join(out, 'sync_pull.json'), 'utf8'));
  assert.deepEqual(written.syncPull, sync);
  assert.deepEqual(sync.runs.map((r) => r.customers), [300]);
  const [pull] = sync.runs;
  assert.equal(pull.ours.docs, 300);
  for (const k of ['ms', 'docsPerSec', 'worstMs', 'p99Ms', 'requests']) positive(pull.ours[k], `ours.${k}`);
  assert.ok(pull.ours.frames > 1, `frames recorded while syncing: ${pull.ours.frames}`);
  // The limit baseline (paged _all_docs, raw puts) pulled the same documents in the same page.
  assert.equal(pull.limit.docs, 300);
  for (const k of ['ms', 'docsPerSec']) positive(pull.limit[k], `limit.${k}`);
  positive(pull.limitRatio, 'ours / limit');
  assert.equal(pull.loadAverage.length, 3);
  assert.deepEqual(pull.pouchdb.map((p) => p.adapter), ['idb', 'indexeddb']);
  for (const p of pull.pouchdb) {
    assert.equal(p.docsWritten, 300, `PouchDB ${p.adapter} wrote every document`);
    for (const k of ['ms', 'docsPerSec', 'worstMs']) positive(p[k], `pouchdb.${p.adapter}.${k}`);
    positive(pull.ratios[p.adapter], `ratio vs ${p.adapter}`);
  }

  // The survey analysis in the browser (issue 17): 2,000 answers from 400 customers in smoke mode.
  assert.equal(written.surveys.answers, 2000);
  assert.equal(written.surveys.customers, 400);
  assert.equal(written.surveys.clusterSizes.reduce((a, b) => a + b, 0), 400);
  for (const k of ['medianFullMs', 'longestStepMs', 'steppedMs', 'steps']) positive(written.surveys[k], `surveys.${k}`);

  // Search per keystroke and demo generation in the browser (issue 6): 2,000 and 200 customers in smoke mode.
  const searchDemo = JSON.parse(fs.readFileSync(path.join(out, 'search_demo.json'), 'utf8'));
  assert.deepEqual(written.searchDemo, searchDemo);
  assert.equal(searchDemo.search.customers, 2000);
  assert.ok(searchDemo.search.keystrokeCount > 20, `keystrokes timed: ${searchDemo.search.keystrokeCount}`);
  for (const k of ['p50Ms', 'p99Ms', 'maxMs', 'indexMs']) assert.ok(searchDemo.search[k] >= 0, `search.${k}`);
  // 张伟 (demo customer 0) is found by its full pinyin once typed.
  const zhangwei = searchDemo.search.keystrokes.find((k) => k.q === 'zhangwei');
  assert.equal(zhangwei.first, 'customer:demo-000000');
  assert.deepEqual(searchDemo.demo.map((d) => d.customers), [200]);
  assert.ok(searchDemo.demo[0].documents > 200, `documents generated for 200 customers: ${searchDemo.demo[0].documents}`);
  positive(searchDemo.demo[0].ms, 'demo.ms');
});
