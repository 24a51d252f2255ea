// Where the long main-thread tasks of a CDP CPU profile go: each stretch of samples without an idle one that
// lasts over a threshold (a task, or tasks back to back), with the functions most of it was spent in
// (inclusive: a function counts once a sample, whatever calls it). Used by demo_open_bench.mjs --profile for
// the work after `ready`; runnable alone on a .cpuprofile file:
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

// [{ startMs, ms, top: [[name, ms], …] }, …] for stretches over `overMs`, longest first (times from the
// profile's start).
export function longStretches(cpuProfile, { overMs = 50, top = 10 } = {}) {
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
    top: [...s.inclusive.entries()].filter(([name]) => !NOISE.has(name))
      .sort((a, b) => b[1] - a[1]).slice(0, top),
  }));
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
