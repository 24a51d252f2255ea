// Opening the app on an empty database (issue 18): wasm runtime initialised → interactive (crm.ready), and
// navigation → interactive, each open in a fresh on-disk browser profile (as a first visit), the median of
// several opens. The app's own start-up marks (Module.crmStartup, web/main_web.cpp) split the time into its
// phases; --profile DIR also writes a CPU profile of the first open. Part of ./crm bench; alone:
//
//   node tests/bench/startup_bench.mjs [--opens N] [--profile DIR] [--out FILE.json] [--baseline APP_DIR]
//
// --baseline APP_DIR: opens that build (e.g. an older one) and this one in turn, N times each, in the same
// window, and prints after / before.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../server/static_server.mjs';
import { pageHooks } from './demo_open_bench.mjs';
import { formatTable } from './table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const startupBudgetMs = 300;  // DESIGN.md section 6: empty database, wasm initialised → interactive

const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox'];

// Runs before the page's scripts: the time WebGL calls that wait for the GPU process take in the app's start-up — the
// status of a compiled shader or linked program (under a software GPU the compile itself), parameters read back,
// texture uploads. The app's own main-thread work is the start-up work less these waits (a GPU machine answers
// them in microseconds; this machine's SwiftShader in hundreds of milliseconds).
function gpuWaitMeter() {
  const meter = (window.__gpuWait = { ms: 0, calls: 0 });
  // From the runtime's initialisation (main() and the frames: what crmStartupWorkMs times) until ready; the
  // page's own calls while it creates the context before (web/static/boot.js) are not the app's work.
  const counting = () => window.__bench && window.__bench.runtimeInitialized !== null && window.__bench.ready === null;
  const names = ['getShaderParameter', 'getProgramParameter', 'getParameter', 'getError', 'getExtension',
    'getSupportedExtensions', 'texImage2D', 'texSubImage2D', 'readPixels', 'finish', 'linkProgram', 'compileShader'];
  for (const Context of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!Context) continue;
    for (const name of names) {
      const original = Context.prototype[name];
      if (typeof original !== 'function') continue;
      Context.prototype[name] = function (...args) {
        if (!counting()) return original.apply(this, args);
        const started = performance.now();
        try { return original.apply(this, args); } finally { meter.ms += performance.now() - started; meter.calls++; }
      };
    }
  }
}

// One open in a fresh profile: the page's timings and the app's own marks (ms on the page's clock).
async function openOnce(url, profileFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-startup-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  try {
    await context.addInitScript(pageHooks);
    await context.addInitScript(gpuWaitMeter);
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    let cdp = null;
    if (profileFile) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(url);
    // Polled every 50 ms, not every animation frame: the start-up's frames are what is measured.
    await page.waitForFunction(() => window.__bench && window.__bench.ready !== null, null, { timeout: 120000, polling: 50 });
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(profileFile, JSON.stringify(profile));
      await cdp.detach();
    }
    return await page.evaluate(() => {
      const b = window.__bench;
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.split('?')[0].endsWith('/crm.wasm'));
      return {
        readyMs: b.ready,
        afterWasmMs: b.runtimeInitialized === null ? null : b.ready - b.runtimeInitialized,
        afterWasmDownloadMs: wasm ? b.ready - wasm.responseEnd : null,
        // The app's own main-thread work until ready: main() and the frames (web/main_web.cpp), and the part of
        // it spent waiting on the GPU process (gpuWaitMeter, until ready).
        appWorkMs: Module.crmStartupWorkMs ?? null,
        gpuWaitMs: window.__gpuWait ? window.__gpuWait.ms : null,
        // Phases, relative to the runtime's initialisation.
        marks: Object.fromEntries(Object.entries(Module.crmStartup || {}).map(([k, v]) => [k, v - b.runtimeInitialized])),
      };
    });
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };

// Opens the empty app `opens` times; returns the runs and their medians.
export async function runStartupBench({ appDir, opens = 5, profileDir = null, log = () => {} }) {
  const loadAverage = os.loadavg();
  const server = await startStaticServer({ appDir, port: 0 });
  try {
    const url = `http://127.0.0.1:${server.port}/`;
    const runs = [];
    for (let i = 0; i < opens; ++i) {
      const profileFile = profileDir && i === 0 ? path.join(profileDir, 'startup.cpuprofile') : null;
      if (profileFile) fs.mkdirSync(profileDir, { recursive: true });
      const r = await openOnce(url, profileFile);
      log(`  open ${i + 1}/${opens}: wasm initialised → interactive ${r.afterWasmMs.toFixed(0)} ms (the app's own work ${r.appWorkMs?.toFixed(0)} ms, ` +
        `of which waiting on the GPU ${r.gpuWaitMs?.toFixed(0)} ms), navigation → interactive ${r.readyMs.toFixed(0)} ms`);
      runs.push(r);
    }
    const markNames = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))];
    return {
      opens,
      loadAverage,
      afterWasmMs: median(runs.map((r) => r.afterWasmMs)),
      appWorkMs: median(runs.map((r) => r.appWorkMs)),
      gpuWaitMs: median(runs.map((r) => r.gpuWaitMs)),
      ownWorkMs: median(runs.map((r) => (r.appWorkMs == null || r.gpuWaitMs == null ? null : r.appWorkMs - r.gpuWaitMs))),
      readyMs: median(runs.map((r) => r.readyMs)),
      afterWasmDownloadMs: median(runs.map((r) => r.afterWasmDownloadMs)),
      marks: Object.fromEntries(markNames.map((k) => [k, median(runs.map((r) => r.marks[k]))])),
      runs,
      budgetMs: startupBudgetMs,
    };
  } finally {
    await server.close();
  }
}

const fmtMs = (v) => (v == null ? 'n/a' : `${v.toFixed(0)} ms`);

export function startupRows(s) {
  const rows = [
    [`open empty app: wasm initialised → interactive (median of ${s.opens})`, fmtMs(s.afterWasmMs), `< ${s.budgetMs} ms`,
      s.afterWasmMs < s.budgetMs ? 'ok' : 'OVER'],
    ["open empty app: the app's own main-thread work until interactive", fmtMs(s.appWorkMs), '', ''],
    ['  of which waiting on the GPU process (shader status, uploads, read-backs)', fmtMs(s.gpuWaitMs), '', ''],
    ['  less those waits: what a GPU machine would spend (judged here)', fmtMs(s.ownWorkMs), `< ${s.budgetMs} ms`,
      s.ownWorkMs != null && s.ownWorkMs < s.budgetMs ? 'ok' : 'OVER'],
    ['open empty app: navigation → interactive', fmtMs(s.readyMs), '', ''],
  ];
  for (const [k, v] of Object.entries(s.marks)) rows.push([`open empty app: ${k}, after wasm initialised`, fmtMs(v), '', '']);
  return rows;
}

// Opens `baselineDir` and `appDir` in turn, `opens` times each; the medians of both and after / before.
async function compareBuilds(baselineDir, appDir, opens, log) {
  const loadAverage = os.loadavg();
  const runs = { before: [], after: [] };
  for (let i = 0; i < opens; ++i) {
    for (const [k, dir] of [['before', baselineDir], ['after', appDir]]) {
      const [r] = (await runStartupBench({ appDir: dir, opens: 1 })).runs;
      log(`  ${k}: wasm initialised → interactive ${r.afterWasmMs.toFixed(0)} ms (own work ${r.appWorkMs?.toFixed(0)} ms, ` +
        `GPU waits ${r.gpuWaitMs?.toFixed(0)} ms; main() done ${r.marks['main done']?.toFixed(0)} ms, font atlas built ` +
        `${r.marks['font atlas built']?.toFixed(0)} ms), navigation → interactive ${r.readyMs.toFixed(0)} ms`);
      runs[k].push(r);
    }
  }
  const ownWork = (r) => (r.appWorkMs == null || r.gpuWaitMs == null ? null : r.appWorkMs - r.gpuWaitMs);
  const measures = [
    ['wasm initialised → interactive', (r) => r.afterWasmMs],
    ["the app's own work less its GPU waits (judged)", ownWork],
    ["the app's own work", (r) => r.appWorkMs],
    ['navigation → interactive', (r) => r.readyMs],
  ];
  const rows = measures.map(([what, f]) => {
    const before = median(runs.before.map(f)), after = median(runs.after.map(f));
    return [`${what}, median of ${opens}: before / after`,
      `${fmtMs(before)} / ${fmtMs(after)} (${(after / before).toFixed(2)}×)`, '', ''];
  });
  return { rows, loadAverage, runs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : null; };
  const appDir = process.env.CRM_APP_DIR || path.join(root, 'build/wasm/app');
  const log = (m) => console.error(m);
  console.error(`[startup] load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  if (opt('--baseline')) {
    compareBuilds(opt('--baseline'), appDir, Number(opt('--opens') || 5), log).then((c) => {
      console.log(formatTable(c.rows));
      console.log(`load average at the start ${c.loadAverage.map((v) => v.toFixed(2)).join(' ')}, at the end ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
      process.exit(0);
    }, (e) => { console.error(e); process.exit(1); });
  } else runStartupBench({ appDir, opens: Number(opt('--opens') || 5), profileDir: opt('--profile'), log })
    .then((s) => {
      console.log(formatTable(startupRows(s)));
      console.log(`load average at the start ${s.loadAverage.map((v) => v.toFixed(2)).join(' ')}`);
      if (opt('--out')) fs.writeFileSync(opt('--out'), JSON.stringify(s, null, 2) + '\n');
      process.exit(0);
    }, (e) => { console.error(e); process.exit(1); });
}
