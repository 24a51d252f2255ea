// The benchmark command runs end to end (issue 3): --smoke writes 200 customers, reloads, measures memory,
// search and download size. Asserts that every measurement is there with a positive number; never timings.
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

  for (const k of ['gzipBytes', 'rawBytes']) positive(written.download[k], `download.${k}`);
  positive(written.download.wasm.gzip, 'download.wasm.gzip');
  positive(written.download.js.gzip, 'download.js.gzip');
});
