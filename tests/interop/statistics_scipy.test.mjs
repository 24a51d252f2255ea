// Interop: our statistics (core/domain/statistics through the stats_oracle tool) against an independent
// implementation, Debian's SciPy (/usr/bin/python3 with python3-scipy), on generated survey-like data sets:
// mean, median, sample SD, Spearman with ties, chi-square (statistic and p-value) and Cramér's V must agree
// to 1e-9. Run: node --test tests/interop/statistics_scipy.test.mjs (CRM_NATIVE_BUILD = the native build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './mulberry32.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const buildDir = process.env.CRM_NATIVE_BUILD || path.join(here, '../../build/native');
const oracle = [path.join(buildDir, 'stats_oracle'), path.join(buildDir, 'tests', 'stats_oracle')].find((p) => existsSync(p));
const TOLERANCE = 1e-9;

// Survey-like sets: integer scores on 1–5, 1–10 or 0–10 (many ties), y driven by x plus noise; some with
// continuous values; tables of 2–6 rows × 2–5 columns, from nearly independent to strongly associated.
function makeDataSets(count, seed) {
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const sets = [];
  for (let i = 0; i < count; i++) {
    const n = int(5, 400);
    const [lo, hi] = [[1, 5], [1, 10], [0, 10]][i % 3];
    const continuous = i % 7 === 6;
    const x = [], y = [];
    for (let k = 0; k < n; k++) {
      const v = continuous ? rand() * 100 : int(lo, hi);
      x.push(v);
      const noise = continuous ? (rand() - 0.5) * 80 : int(-2, 2);
      y.push(continuous ? v + noise : Math.min(hi, Math.max(lo, v + noise)));
    }
    if (new Set(y).size < 2) y[0] = y[0] === lo ? hi : lo;  // Spearman needs variation on both sides
    if (new Set(x).size < 2) x[0] = x[0] === lo ? hi : lo;
    const rows = int(2, 6), cols = int(2, 5), strength = rand();
    const table = [];
    for (let r = 0; r < rows; r++) {
      const row = [];
      for (let c = 0; c < cols; c++) row.push(int(0, 30) + (r % cols === c ? Math.round(strength * 40) : 0));
      table.push(row);
    }
    if (i % 11 === 0) table.push(new Array(cols).fill(0));  // an empty group
    sets.push({ x, y, table });
  }
  return sets;
}

function runLines(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('statistics agree with SciPy to 1e-9 on generated data sets', () => {
  assert.ok(oracle, `stats_oracle not built under ${buildDir}`);
  assert.ok(existsSync('/usr/bin/python3'), 'Debian python3 (with python3-scipy) is required');
  const sets = makeDataSets(300, 0x5c1b1);
  const input = sets.map((s) => JSON.stringify(s)).join('\n') + '\n';
  const out = process.env.CRM_TEST_OUTPUT;
  if (out) {  // the generated sets, for anyone re-checking by hand
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'statistics_scipy_sets.jsonl'), input);
  }
  const ours = runLines(oracle, [], input);
  const scipy = runLines('/usr/bin/python3', [path.join(here, 'scipy_stats.py')], input);
  assert.equal(ours.length, sets.length);
  assert.equal(scipy.length, sets.length);
  let compared = 0;
  for (let i = 0; i < sets.length; i++) {
    for (const key of ['mean', 'median', 'sd', 'spearman', 'chi2', 'p', 'cramersV']) {
      const a = ours[i][key], b = scipy[i][key];
      const scale = key === 'chi2' ? Math.max(1, Math.abs(b)) : 1;  // the statistic itself: relative
      assert.ok(Math.abs(a - b) <= TOLERANCE * scale, `set ${i} ${key}: ours ${a}, SciPy ${b}`);
      compared++;
    }
  }
  assert.equal(compared, sets.length * 7);
});
