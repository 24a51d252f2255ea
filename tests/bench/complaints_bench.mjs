// In-browser benchmark of issue 17's complaints (measures only; never fails on time), part of ./crm bench and
// runnable alone: on the ?demo=N database (10,000 customers: 1,500 complaints), the automation API calls
// crm.complaints.board({}) and crm.complaints.summary({}), each timed inside the page around one synchronous
// call (JSON in and out included), median of `repeat`:
//   board, nothing changed     — the app's board as it stands (JSON out only, since the board is kept up to date)
//   board, a minute later      — after crm.clock.shift(60 s): the minute tick (re-judging crossed instants)
//   board, one complaint edited — after crm.put of one complaint: its card rebuilt
//   summary over all complaints
// Before the board was kept up to date every board call (and every minute tick in the frame) rebuilt all cards.
//
//   CRM_APP_DIR=build/wasm/app node tests/bench/complaints_bench.mjs [--size N] [--repeat R]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../e2e/support.mjs';

const fmt = (v) => (v == null ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 1)} ms`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs in the page: one synchronous automation call, timed.
function timedCall([method, arg]) {
  const t = performance.now();
  const reply = JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], [method, JSON.stringify(arg)]));
  const ms = performance.now() - t;
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
  return { ms, result: reply.result };
}

export async function benchComplaints(app, { size = 10000, repeat = 5, log = () => {} } = {}) {
  const page = await app.newPage({ query: `?demo=${size}` });
  try {
    const fillStart = Date.now();
    await page.waitForFunction((n) => {
      const s = JSON.parse(Module.ccall('crm_api', 'string', ['string', 'string'], ['comfort.status', 'null'])).result;
      return s.demoTotal === n && !s.demoFilling;
    }, size, { timeout: 15 * 60 * 1000, polling: 1000 });
    log(`  complaints: demo ${size} filled in ${((Date.now() - fillStart) / 1000).toFixed(0)} s`);
    const call = (method, arg) => page.evaluate(timedCall, [method, arg]);
    const first = await call('complaints.board', {});
    const r = { size, complaints: first.result.cards.length, overdue: first.result.overdue, firstBoardMs: first.ms };
    const still = [], minute = [], edited = [], summary = [];
    for (let i = 0; i < repeat; ++i) still.push((await call('complaints.board', {})).ms);
    for (let i = 0; i < repeat; ++i) {
      await page.evaluate(() => window.crm.clock.shift(60 * 1000));
      minute.push((await call('complaints.board', {})).ms);
    }
    const ids = first.result.cards.slice(0, repeat).map((c) => c.id);
    for (const id of ids) {
      const doc = (await call('get', id)).result;
      doc.owner = `bench-${id.slice(-4)}`;
      await call('put', doc);
      edited.push((await call('complaints.board', {})).ms);
    }
    for (let i = 0; i < repeat; ++i) summary.push((await call('complaints.summary', {})).ms);
    Object.assign(r, { boardStillMs: median(still), boardMinuteMs: median(minute), boardEditedMs: median(edited),
      summaryMs: median(summary), runs: { still, minute, edited, summary } });
    return r;
  } finally {
    await page.close();
  }
}

export function complaintRows(r) {
  const n = `${r.size.toLocaleString('en-US')} customers, ${r.complaints} complaints`;
  return [
    [`complaints.board, first call (${n})`, fmt(r.firstBoardMs), '', ''],
    ['complaints.board, nothing changed (median)', fmt(r.boardStillMs), '', ''],
    ['complaints.board, a minute later: the tick (median)', fmt(r.boardMinuteMs), '', ''],
    ['complaints.board, one complaint edited (median)', fmt(r.boardEditedMs), '', ''],
    ['complaints.summary, all complaints (median)', fmt(r.summaryMs), '', ''],
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const app = await startApp();
  try {
    const r = await benchComplaints(app, { size: opt('--size', 10000), repeat: opt('--repeat', 5), log: console.log });
    for (const [what, value] of complaintRows(r)) console.log(`${what.padEnd(60)} ${value}`);
    console.log(JSON.stringify(r.runs));
  } finally {
    await app.close();
  }
}
