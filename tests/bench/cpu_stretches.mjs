// Where the long main-thread tasks of a CDP CPU profile go: each stretch of samples without an idle one that
// lasts over a threshold (a task, or tasks back to back), with the functions most of it was spent in
// (inclusive: a function counts once a sample, whatever calls it). Used by demo_open_bench.mjs --profile for
// the work after `ready`, which also puts single tasks (the page's Long Tasks entries) on the profile's clock
// and names the functions inside each (tasksInProfile); runnable alone on a .cpuprofile file:
//
//   node tests/bench/cpu_stretches.mjs FILE.cpuprofile [--over MS] [--top N]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Frames that are on nearly every stack and say nothing about what a stretch did.
const NOISE = new Set(['(root)', '(program)', '(anonymous)', 'callMain', 'Browser_mainLoop_runner', 'dynCall_v',
  'invoke_v', 'runIter', 'main_loop', 'MainLoop', 'js-to-wasm::', 'callUserCallback']);

// A C++ name without its template arguments and parameters ("crm::core::Foo::bar"); others as they are.
export function shortName(name) {
  if (name.startsWith('(') && !name.startsWith('(anonymous namespace)')) return name;
  name = name.replaceAll('(anonymous namespace)', '{anon}');
  let out = '', depth = 0;
  for (const c of name) {
    if (c === '<') { if (depth++ === 0) out += '<…>'; continue; }
    if (c === '>' && depth > 0) { --depth; continue; }
    if (depth === 0) out += c;
  }
  const paren = out.indexOf('(');
  return paren > 0 ? out.slice(0, paren) : out;
}

// The profile's samples with their names: byId, nameOf(node) (short), namesOf(node id) (every name on its stack,
// once each).
function profileIndex(cpuProfile) {
  const byId = new Map(cpuProfile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of cpuProfile.nodes) for (const child of node.children || []) parentOf.set(child, node.id);
  const nameOf = (node) => shortName(node.callFrame.functionName || '(anonymous)');
  const stackNames = new Map();  // node id -> the names on its stack, once each
  const namesOf = (id) => {
    if (stackNames.has(id)) return stackNames.get(id);
    const names = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) names.add(nameOf(byId.get(at)));
    stackNames.set(id, names);
    return names;
  };
  return { byId, parentOf, nameOf, namesOf };
}

// The `top` names with the most time, without the NOISE ones unless `keepNoise`.
const topOf = (map, top, keepNoise = false) => [...map.entries()].filter(([name]) => keepNoise || !NOISE.has(name))
  .sort((a, b) => b[1] - a[1]).slice(0, top);

// [{ startMs, ms, top: [[name, ms], …] }, …] for stretches over `overMs`, longest first (times from the
// profile's start).
export function longStretches(cpuProfile, { overMs = 50, top = 10 } = {}) {
  const { byId, namesOf } = profileIndex(cpuProfile);
  const { samples, timeDeltas } = cpuProfile;
  const stretches = [];
  let current = null, t = 0;
  for (let i = 0; i < samples.length; ++i) {
    const dt = (timeDeltas[i] || 0) / 1000;
    t += dt;
    const node = byId.get(samples[i]);
    if (node.callFrame.functionName === '(idle)') {
      if (current) stretches.push(current);
      current = null;
      continue;
    }
    if (!current) current = { startMs: t, ms: 0, inclusive: new Map() };
    current.ms += dt;
    for (const name of namesOf(samples[i])) current.inclusive.set(name, (current.inclusive.get(name) || 0) + dt);
  }
  if (current) stretches.push(current);
  return stretches.filter((s) => s.ms > overMs).sort((a, b) => b.ms - a.ms).map((s) => ({
    startMs: s.startMs, ms: s.ms,
    top: topOf(s.inclusive, top),
  }));
}

// The time (ms from the profile's start) of the first sample inside a function called `name`, or null. With the
// page's performance.now() taken as that function starts (the page runs it for a few ms), it puts the page's
// clock on the profile's to within a sampling interval or two.
export function firstSampleIn(cpuProfile, name) {
  const { namesOf } = profileIndex(cpuProfile);
  const { samples, timeDeltas } = cpuProfile;
  let t = 0;
  for (let i = 0; i < samples.length; ++i) {
    t += (timeDeltas[i] || 0) / 1000;
    if (namesOf(samples[i]).has(name)) return t;
  }
  return null;
}

// What the profile says about each of `tasks` ([start, duration] on a clock that is the profile's minus
// `offsetMs`, e.g. the page's Long Tasks entries): [{ startMs, ms, sampledMs, idleMs, self: [[name, ms], …],
// total: [[name, ms], …], gapMs, gapIn }, …]; self time is the function a sample stopped in (`(garbage collector)`,
// `(program)` — the browser's own work — included), total counts every function on its stack once. A sample
// stands for the time since the one before; gapMs is the longest such time in the task (samples come every
// 0.5 ms while the thread runs: a gap of tens of ms is time the thread was not running, e.g. descheduled on a
// loaded machine, and is counted to whichever function it was in, gapIn).
export function tasksInProfile(cpuProfile, tasks, offsetMs, { top = 8 } = {}) {
  const { byId, parentOf, nameOf } = profileIndex(cpuProfile);
  // An anonymous JS function (e.g. an IndexedDB callback, whose self time includes deserialising the values it
  // reads) by where it is: file:line:column.
  const selfName = (node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    return functionName || !url ? nameOf(node) : `(anonymous) ${path.basename(url)}:${lineNumber + 1}:${columnNumber + 1}`;
  };
  const stackNames = new Map();  // node id -> the names on its stack, once each
  const namesOf = (id) => {
    if (!stackNames.has(id)) {
      const names = new Set();
      for (let at = id; at !== undefined; at = parentOf.get(at)) names.add(selfName(byId.get(at)));
      stackNames.set(id, names);
    }
    return stackNames.get(id);
  };
  const { samples, timeDeltas } = cpuProfile;
  const times = new Float64Array(samples.length);
  for (let i = 0, t = 0; i < samples.length; ++i) times[i] = (t += (timeDeltas[i] || 0) / 1000);
  return tasks.map(([start, duration]) => {
    const from = start + offsetMs, to = from + duration;
    const self = new Map(), total = new Map();
    let sampledMs = 0, idleMs = 0, gapMs = 0, gapIn = null;
    // A sample stands for the time since the one before it.
    for (let i = 0; i < samples.length; ++i) {
      if (times[i] <= from || times[i] > to) continue;
      const dt = (timeDeltas[i] || 0) / 1000, node = byId.get(samples[i]);
      if (dt > gapMs) { gapMs = dt; gapIn = selfName(node); }
      if (node.callFrame.functionName === '(idle)') { idleMs += dt; continue; }
      sampledMs += dt;
      const name = selfName(node);
      self.set(name, (self.get(name) || 0) + dt);
      for (const n of namesOf(samples[i])) total.set(n, (total.get(n) || 0) + dt);
    }
    return { startMs: start, ms: duration, sampledMs, idleMs, gapMs, gapIn, self: topOf(self, top, true), total: topOf(total, top + 6) };
  });
}

// One task of tasksInProfile as lines of text, its start relative to `zeroMs` (e.g. `ready`).
export function describeTask(task, zeroMs = 0) {
  const list = (entries) => entries.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ') || '–';
  const gap = task.gapMs > 5 ? `; one sample stands for ${task.gapMs.toFixed(0)} ms in ${task.gapIn}: the thread or the profiler did not run (a loaded machine?)` : '';
  return [`task ${task.ms.toFixed(0)} ms at +${(task.startMs - zeroMs).toFixed(0)} ms (sampled ${task.sampledMs.toFixed(0)} ms busy, ${task.idleMs.toFixed(0)} ms idle${gap})`,
    `  self: ${list(task.self)}`, `  total: ${list(task.total)}`];
}

// The stretches as lines of text.
export function describeStretches(stretches, { count = 8 } = {}) {
  const lines = [];
  for (const s of stretches.slice(0, count)) {
    lines.push(`${s.ms.toFixed(0)} ms at +${s.startMs.toFixed(0)} ms: ` +
      s.top.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', '));
  }
  if (stretches.length > count) lines.push(`… and ${stretches.length - count} more`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  let file = null, overMs = 50, top = 10;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--over') overMs = Number(argv[++i]);
    else if (argv[i] === '--top') top = Number(argv[++i]);
    else file = argv[i];
  }
  const stretches = longStretches(JSON.parse(fs.readFileSync(file, 'utf8')), { overMs, top });
  for (const line of describeStretches(stretches, { count: 50 })) console.log(line);
}
