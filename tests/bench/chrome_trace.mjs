// A Chromium trace of the page (CDP Tracing) and what it says about long frames: for every gap between two
// animation frames over 50 ms, how long the page's main thread and the GPU process's main thread were busy in
// it, and how long the GPU process took to present each frame (SwapBuffers). Used by sync_pull_bench.mjs
// --chrome-trace to tell the app's own work from the (software) GPU's.
import fs from 'node:fs';

const CATEGORIES = ['toplevel', 'viz', 'gpu', 'devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

// Starts tracing through a CDP session of the page; returns stop(file), which writes the trace (JSON).
export async function startChromeTrace(cdp) {
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES } });
  return async function stop(file) {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const out = fs.openSync(file, 'w');
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      fs.writeSync(out, chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data);
      if (chunk.eof) break;
    }
    fs.closeSync(out);
    await cdp.send('IO.close', { handle: stream });
  };
}

// What a trace file says, as lines of text: the GPU process's present times, then for each frame over 50 ms
// how long the page's main thread and the GPU process's main thread were busy in it.
export function describeChromeTrace(file) {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  const events = parsed.traceEvents || parsed;
  const threadOf = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threadOf.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const key = (e) => `${e.pid}:${e.tid}`;
  const threadKey = (name) => [...threadOf].find(([, v]) => v === name)?.[0];
  const page = threadKey('CrRendererMain');
  const tasksOf = (thread) =>
    events.filter((e) => e.ph === 'X' && key(e) === thread && e.name === 'ThreadControllerImpl::RunTask');
  const busyMs = (tasks, from, to) =>
    tasks.reduce((sum, e) => sum + Math.max(0, Math.min(to, e.ts + e.dur) - Math.max(from, e.ts)), 0) / 1000;
  const pageTasks = tasksOf(page);
  const gpuTasks = tasksOf(threadKey('CrGpuMain'));
  const presents = events.filter((e) => e.ph === 'X' && e.name === 'SkiaOutputSurfaceImplOnGpu::SwapBuffers')
    .map((e) => e.dur / 1000).sort((a, b) => a - b);
  const lines = [presents.length
    ? `the GPU process presented ${presents.length} frames in ${presents[0].toFixed(0)}–` +
      `${presents[presents.length - 1].toFixed(0)} ms (median ${presents[presents.length >> 1].toFixed(0)} ms)`
    : 'the GPU process presented no frame'];
  const frames = events.filter((e) => e.name === 'FireAnimationFrame' && key(e) === page).sort((a, b) => a.ts - b.ts);
  for (let i = 1; i < frames.length; ++i) {
    const from = frames[i - 1].ts, to = frames[i].ts;
    if (to - from <= 50000) continue;
    const ms = (x) => x.toFixed(0);
    lines.push(`frame of ${ms((to - from) / 1000)} ms: page busy ${ms(busyMs(pageTasks, from, to))} ms, ` +
      `GPU process busy ${ms(busyMs(gpuTasks, from, to))} ms`);
  }
  return lines;
}
