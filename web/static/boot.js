// Boots the CRM page: configures the Emscripten Module (canvas, progress, errors), bridges the hidden
// text field (keyboard, IME, paste) into the wasm app, and exposes the automation API as window.crm.
'use strict';
(function () {
  const bootBox = document.getElementById('boot');
  const bootText = document.getElementById('boot-text');
  const bootProgress = document.getElementById('boot-progress');
  const textInput = document.getElementById('text-input');
  const canvas = document.getElementById('canvas');

  function showBootError(zh, en) {
    bootBox.className = 'error';
    bootBox.style.display = 'flex';
    bootText.textContent = zh + ' / ' + en;
    bootProgress.style.display = 'none';
  }
  if (typeof WebAssembly !== 'object') {
    showBootError('此浏览器不支持 WebAssembly，请使用最新版 Chrome、Edge 或 Firefox。',
                  'This browser cannot run WebAssembly; use a current Chrome, Edge or Firefox.');
    return;
  }

  let resolveReady, resolveLoaded;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  // Every record is in: the records (repair orders, follow-ups, complaints, ...) load behind `ready`.
  const loaded = new Promise((resolve) => { resolveLoaded = resolve; });

  // ---- Emscripten module configuration ----
  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus(text) {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) { bootProgress.value = Number(m[1]); bootProgress.max = Number(m[2]); }
    },
    onAbort(what) {
      showBootError('程序出错已停止，请刷新页面；已保存的数据不会丢失。',
                    'The app stopped after an error; reload the page. Saved data is not lost. (' + what + ')');
    },
    // Called by the wasm app once the store is loaded and the first frame is drawn.
    crmReady() { bootBox.style.display = 'none'; resolveReady(); },
    // Called once every record is in (after crmReady: the records load behind it).
    crmLoaded() { resolveLoaded(); },
    // Called by crm.js once it has started fetching crm.wasm and crm.data: the WebGL2 context is created now,
    // while they download and compile, instead of when the app's main() asks GLFW for a window (a software GPU
    // takes about a second; GLFW's getContext then returns this context). The canvas keeps its pixels from one
    // painted frame to the next, so a frame repaints only what changed; it is opaque and has no depth, stencil or
    // multisampling (ImGui needs none), so the compositor copies it instead of blending it over the page.
    // No extension is enabled (each asks the GPU process and waits; half a second in all with a software GPU, when
    // every one offered was): ImGui's WebGL2 drawing needs none, and the app is linked without Emscripten's
    // automatic enabling (-sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0, web/CMakeLists.txt).
    // The canvas gets its size first, as the app computes it (web/main_web.cpp, canvasPixels), so the app's window
    // need not resize the drawing buffer (which costs as much as creating it).
    preInit() {
      const css = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
      canvas.width = Math.floor(css.width * dpr + 0.5) || 1280;
      canvas.height = Math.floor(css.height * dpr + 0.5) || 800;
      canvas.getContext('webgl2', { preserveDrawingBuffer: true, alpha: false, depth: false, stencil: false, antialias: false });
    },
  };

  // ---- WebGL: state read back every frame, answered without waiting for the GPU ----
  // ImGui's OpenGL3 backend saves and restores GL state around each frame with glGetIntegerv. Chromium answers
  // most of it from the page's own copy, but the scissor box and the blend functions/equations go to the GPU
  // process synchronously and wait until it has drawn the previous frame: with a software GPU (SwiftShader)
  // that blocked the main thread for most of every frame, starving sync and storage work. The page is the only
  // user of its context, so these values are tracked as they are set: the first read asks the GPU, later
  // reads come from the copy.
  (function cacheReadBackGlState() {
    const proto = window.WebGL2RenderingContext && WebGL2RenderingContext.prototype;
    if (!proto) return;
    const SCISSOR_BOX = 0x0C10, BLEND_DST_RGB = 0x80C8, BLEND_SRC_RGB = 0x80C9, BLEND_DST_ALPHA = 0x80CA,
      BLEND_SRC_ALPHA = 0x80CB, BLEND_EQUATION_RGB = 0x8009, BLEND_EQUATION_ALPHA = 0x883D;
    const tracked = new Set([SCISSOR_BOX, BLEND_DST_RGB, BLEND_SRC_RGB, BLEND_DST_ALPHA, BLEND_SRC_ALPHA,
      BLEND_EQUATION_RGB, BLEND_EQUATION_ALPHA]);
    const contexts = new WeakMap();  // context -> Map(pname -> value)
    const known = (gl) => { let m = contexts.get(gl); if (!m) contexts.set(gl, m = new Map()); return m; };
    const copy = (v) => (v instanceof Int32Array ? new Int32Array(v) : v);
    const getParameter = proto.getParameter;
    proto.getParameter = function (pname) {
      const m = known(this);
      if (m.has(pname)) return copy(m.get(pname));
      const value = getParameter.call(this, pname);
      if (tracked.has(pname) && value !== null) m.set(pname, copy(value));
      return value;
    };
    const track = (name, update) => {
      const original = proto[name];
      proto[name] = function () {
        original.apply(this, arguments);
        update(known(this), ...Array.from(arguments, (a) => a | 0));
      };
    };
    track('scissor', (m, x, y, w, h) => { if (w >= 0 && h >= 0) m.set(SCISSOR_BOX, new Int32Array([x, y, w, h])); });
    const blend = (m, srcRgb, dstRgb, srcAlpha, dstAlpha) => {
      m.set(BLEND_SRC_RGB, srcRgb); m.set(BLEND_DST_RGB, dstRgb); m.set(BLEND_SRC_ALPHA, srcAlpha); m.set(BLEND_DST_ALPHA, dstAlpha);
    };
    track('blendFunc', (m, src, dst) => blend(m, src, dst, src, dst));
    track('blendFuncSeparate', blend);
    track('blendEquation', (m, mode) => { m.set(BLEND_EQUATION_RGB, mode); m.set(BLEND_EQUATION_ALPHA, mode); });
    track('blendEquationSeparate', (m, rgb, alpha) => { m.set(BLEND_EQUATION_RGB, rgb); m.set(BLEND_EQUATION_ALPHA, alpha); });
  })();

  // ---- storage: ask the browser to keep our data, and keep usage/quota fresh for the settings screen ----
  Module.crmStorage = { persisted: -1, usage: -1, quota: -1, versionChanged: false };
  Module.crmStorageEvent = (kind) => { if (kind === 'versionchange') Module.crmStorage.versionChanged = true; };
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then((granted) => { Module.crmStorage.persisted = granted ? 1 : 0; }, () => {});
  }
  function refreshEstimate() {
    if (!navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then((e) => { Module.crmStorage.usage = e.usage; Module.crmStorage.quota = e.quota; }, () => {});
  }
  refreshEstimate();
  setInterval(refreshEstimate, 10000);

  // A string handed to wasm in malloc'd memory: ccall's 'string' copies it onto the wasm stack (1 MB, at up to 4
  // bytes a character), which a 300 KB crm.bulk argument or a long paste would overrun. Returns fn(pointer).
  function withHeapString(text, fn) {
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    if (!ptr) throw Object.assign(new Error('the browser has no more memory for the data'), { code: 'out_of_memory' });
    try {
      Module.stringToUTF8(text, ptr, size);
      return fn(ptr);
    } finally {
      Module._free(ptr);
    }
  }

  // ---- text input bridge: the hidden textarea receives typing, IME commits and pastes ----
  let composing = false;
  function sendText(text) {
    // ImGui 1.86 keeps text as 16-bit ImWchar and the CJK font has no emoji: characters outside the BMP
    // (emoji, rare CJK extension B+) would become U+FFFD in the data, so they are left out (README).
    text = text && text.replace(/[\u{10000}-\u{10FFFF}]/gu, '');
    if (text) withHeapString(text, (ptr) => Module.ccall('crm_text_input', null, ['number'], [ptr]));
  }
  textInput.addEventListener('compositionstart', () => { composing = true; Module.crmComposition = ''; });
  // The text being composed is drawn by the app at the caret (ComfortLayer), the committed text sent once.
  textInput.addEventListener('compositionupdate', (e) => { Module.crmComposition = e.data || ''; });
  textInput.addEventListener('compositionend', () => {
    composing = false;
    Module.crmComposition = '';
    sendText(textInput.value);
    textInput.value = '';
  });
  textInput.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;
    sendText(textInput.value);
    textInput.value = '';
  });
  // Keeps focus in the text field while the app edits text (clicks on the canvas would take it away).
  canvas.addEventListener('mousedown', (e) => { if (Module.crmWantsText) e.preventDefault(); });
  // Paste (Ctrl/Cmd+V, the context menu, a phone's paste bubble): the plain text, once, however long.
  // ImGui ignores typed characters while Ctrl is held, so text pasted with Ctrl+V waits for Ctrl's release.
  let ctrlHeld = false, pendingPaste = '';
  textInput.addEventListener('paste', (e) => {
    e.preventDefault();
    const text = (e.clipboardData || window.clipboardData).getData('text/plain').replace(/\r?\n/g, ' ');
    if (ctrlHeld) pendingPaste += text; else sendText(text);
  });
  window.addEventListener('keydown', (e) => { ctrlHeld = e.ctrlKey || e.metaKey; }, true);
  window.addEventListener('keyup', (e) => {
    ctrlHeld = e.ctrlKey || e.metaKey;
    if (!ctrlHeld && pendingPaste) { const text = pendingPaste; pendingPaste = ''; sendText(text); }
  }, true);
  window.addEventListener('blur', () => {
    ctrlHeld = false;
    if (pendingPaste) { const text = pendingPaste; pendingPaste = ''; sendText(text); }
  });
  // App shortcuts the browser would otherwise take (Ctrl+K address bar search, Ctrl+S save page, F1 help).
  window.addEventListener('keydown', (e) => {
    const ctrl = e.ctrlKey || e.metaKey;
    if ((ctrl && (e.key === 'k' || e.key === 'K' || e.key === 's' || e.key === 'S')) || e.key === 'F1' ||
        (e.altKey && (e.key === 'n' || e.key === 'N' || e.key === 'PageUp' || e.key === 'PageDown'))) e.preventDefault();
  }, true);

  // ---- scrolling: wheel and touch drags go to ImGui in CSS pixels (web/scroll_input.cpp) ----
  function scrollBy(dx, dy) { if (Module.calledRun) Module.ccall('crm_scroll', null, ['number', 'number'], [dx, dy]); }
  window.addEventListener('wheel', (e) => {
    if (e.target !== canvas) return;
    e.preventDefault();
    e.stopPropagation();  // Emscripten 3.1.6's GLFW would pass the raw deltaY, upside down
    const k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? canvas.clientHeight : 1;
    // GLFW still needs the pointer position for the window under it.
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: e.clientX, clientY: e.clientY, bubbles: true }));
    scrollBy(e.deltaX * k, e.deltaY * k);
  }, { capture: true, passive: false });
  // Touch: a tap is a click (and focuses the text field inside the gesture, so the on-screen keyboard opens
  // when the tap lands on a field); a drag scrolls the list or form under the finger.
  let touch = null;
  function mouse(type, t) {
    canvas.dispatchEvent(new MouseEvent(type, { clientX: t.clientX, clientY: t.clientY, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true }));
  }
  window.addEventListener('touchstart', (e) => {
    if (e.target !== canvas || e.touches.length !== 1) return;
    e.preventDefault();
    e.stopPropagation();
    const t = e.touches[0];
    touch = { x: t.clientX, y: t.clientY, lastX: t.clientX, lastY: t.clientY, dragging: false };
    mouse('mousemove', t);
  }, { capture: true, passive: false });
  window.addEventListener('touchmove', (e) => {
    if (!touch || e.target !== canvas) return;
    e.preventDefault();
    e.stopPropagation();
    const t = e.touches[0];
    if (!touch.dragging && Math.hypot(t.clientX - touch.x, t.clientY - touch.y) > 8) touch.dragging = true;
    if (touch.dragging) scrollBy(touch.lastX - t.clientX, touch.lastY - t.clientY);
    touch.lastX = t.clientX;
    touch.lastY = t.clientY;
  }, { capture: true, passive: false });
  window.addEventListener('touchend', (e) => {
    if (!touch || e.target !== canvas) return;
    e.preventDefault();
    e.stopPropagation();
    const t = e.changedTouches[0];
    if (!touch.dragging) {
      mouse('mousedown', t);
      requestAnimationFrame(() => mouse('mouseup', t));
      // Inside the gesture: the keyboard may open. If the tap was not on a field, the next frames blur it.
      textInput.focus({ preventScroll: true });
      let frames = 3;
      const check = () => {
        if (Module.crmWantsText) return;
        if (--frames > 0) requestAnimationFrame(check); else textInput.blur();
      };
      requestAnimationFrame(check);
    }
    touch = null;
  }, { capture: true, passive: false });
  window.addEventListener('touchcancel', () => { touch = null; }, true);

  // ---- offline loading and updates: the service worker (sw.js) caches each version whole ----
  Module.crmUpdate = { ready: false, apply: null };
  // Without a service worker (blocked by policy, or plain http on the LAN) the app runs as usual; Settings
  // says once that it will not reload offline.
  Module.crmOffline = { available: null, reason: '' };
  const noServiceWorker = (reason) => {
    Module.crmOffline.available = false;
    Module.crmOffline.reason = reason;
    console.info('offline loading unavailable:', reason);
  };
  let serviceWorkers = null;
  try { serviceWorkers = ('serviceWorker' in navigator) ? navigator.serviceWorker : null; } catch (e) { serviceWorkers = null; }
  if (!serviceWorkers || location.protocol === 'file:') {
    noServiceWorker(window.isSecureContext ? 'no service worker in this browser' : 'not a secure origin');
  } else {
    let reloading = false;
    serviceWorkers.addEventListener('controllerchange', () => {
      if (Module.crmUpdate.requested && !reloading) { reloading = true; location.reload(); }
    });
    let registering;
    try {
      registering = Promise.resolve(serviceWorkers.register('sw.js'));
    } catch (e) {
      registering = Promise.reject(e);
    }
    registering.then((reg) => {
      if (!reg) { noServiceWorker('registration blocked'); return; }
      Module.crmOffline.available = true;
      const offer = (worker) => {
        // A new version is fully downloaded into its own cache and waiting: offer it, never half-apply it.
        Module.crmUpdate.ready = true;
        Module.crmUpdate.apply = () => { Module.crmUpdate.requested = true; worker.postMessage('activate-now'); };
      };
      const watch = (worker) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      };
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      if (reg.installing) watch(reg.installing);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      setInterval(() => reg.update().catch(() => {}), 30 * 60 * 1000);
      Module.crmCheckForUpdate = () => reg.update();
    }).catch((err) => noServiceWorker(String(err && err.message || err)));
  }

  // Back online: a sync retry waiting for its back-off starts at once.
  window.addEventListener('online', () => {
    if (window.crm && window.crm.sync) window.crm.sync.now().catch(() => {});
  });

  // Called from wasm (web/text_input_bridge.cpp) when ImGui starts/stops text editing or moves the caret.
  Module.crmSetTextInput = function (active, x, y) {
    Module.crmWantsText = !!active;
    if (active) {
      textInput.style.left = x + 'px';
      textInput.style.top = y + 'px';
      if (document.activeElement !== textInput) textInput.focus({ preventScroll: true });
    } else if (document.activeElement === textInput) {
      textInput.blur();
    }
  };

  // ---- automation API (see README): the same core code paths as the UI ----
  function call(method, arg) {
    const out = withHeapString(JSON.stringify(arg ?? null), (ptr) => Module.ccall('crm_api', 'string', ['string', 'number'], [method, ptr]));
    const reply = JSON.parse(out);
    if (reply.error) {
      const err = new Error(reply.error.message || reply.error.code);
      err.code = reply.error.code;
      throw err;
    }
    return reply.result;
  }
  function nextFrame() { return new Promise((r) => requestAnimationFrame(() => r())); }
  async function whenSaved() {
    for (;;) {
      const s = call('stats');
      if (s.saveState === 'saved') return s;
      if (s.saveState === 'failed') throw Object.assign(new Error(s.saveError || 'save failed'), { code: 'save_failed' });
      await nextFrame();
    }
  }
  // Document calls wait for every record (`loaded`, after `ready`: the records load behind it, and the store
  // refuses writes to them meanwhile); the search, the comfort layer and the clock need only the first screen.
  window.crm = {
    ready,
    loaded,
    whenLoaded() { return loaded; },
    async put(doc) { await loaded; const r = call('put', doc); await whenSaved(); return r; },
    async bulk(docs) { await loaded; const r = call('bulk', docs); await whenSaved(); return r; },
    async get(id) { await loaded; return call('get', id); },
    async remove(id, rev) { await loaded; const r = call('remove', { id, rev }); await whenSaved(); return r; },
    async query(q) { await loaded; return call('query', q || {}); },
    async stats() { await loaded; return call('stats'); },
    // {heapBytes, allocatedBytes, mallocFreeBytes, packedBytes, documents, outOfMemory}: the wasm heap and what the data takes.
    async memory() { await loaded; return call('memory'); },
    records: {
      async types() { await ready; return call('records.types'); },
      async validate(doc) { await ready; return call('records.validate', doc); },
      async history(id) { await loaded; return call('records.history', id); },
    },
    // The Ctrl+K search: {hits: [{id, name, score, kind, field, highlights}], ms (time in the core), indexed, pending}.
    async search(q, limit) { await ready; return call('search', { q, limit: limit || 50 }); },
    comfort: {
      async status() { await ready; return call('comfort.status'); },
      async openSearch() { await ready; return call('comfort.open_search'); },
      async benchSearch(customers, queries) { await ready; return call('comfort.bench_search', { customers, queries }); },
      async benchDemo(customers) { await ready; return call('comfort.bench_demo', { customers }); },
      async checkForUpdate() { return Module.crmCheckForUpdate ? Module.crmCheckForUpdate() : null; },
    },
    // Satisfaction surveys (README "Automation API"): analyze({from, to, indicator, by, k, filter}) → the numbers the
    // analysis screen shows; templates(); complaintDraft(surveyId) / openComplaint(surveyId) for a low survey;
    // bench({answers, customers}) → timings of the analysis over a generated table (./crm bench).
    surveys: {
      async analyze(q) { await loaded; return call('surveys.analyze', q || {}); },
      async templates() { await loaded; return call('surveys.templates'); },
      async complaintDraft(id) { await loaded; return call('surveys.complaint_draft', id); },
      async openComplaint(id) { await loaded; const r = call('surveys.open_complaint', id); await whenSaved(); return r; },
      async bench(arg) { await loaded; return call('surveys.bench', arg || {}); },
    },
    whenSaved,
    // Complaints (README "Automation API"): open(fields) → {ok, id, rev}; advance(id, stage, fields, reason) →
    // {ok, rev} or {ok: false, refusal, reason, missing}; deadlines(id) → [{stage, due, pausedMs, state, …}].
    complaints: {
      async open(fields) { await loaded; const r = call('complaints.open', fields || {}); await whenSaved(); return r; },
      async advance(id, stage, fields, reason) {
        await loaded;
        const r = call('complaints.advance', { id, stage, fields: fields || {}, reason: reason || '' });
        await whenSaved();
        return r;
      },
      async pause(id, paused, reason) {
        await loaded; const r = call('complaints.pause', { id, paused: paused !== false, reason: reason || '' }); await whenSaved(); return r;
      },
      async deadlines(id) { await loaded; return call('complaints.deadlines', id); },
      async board(filter) { await loaded; return call('complaints.board', filter || {}); },
      async summary(period) { await loaded; return call('complaints.summary', period || {}); },
    },
    // The app's clock, moved by `ms` (tests and demos of deadlines passing; a reload resets it) → {nowMs, offsetMs}.
    clock: {
      async shift(ms) { await ready; return call('clock.shift', ms); },
      async now() { await ready; return call('clock.shift', 0); },
    },
    // Sync (see README "Sync server"): status() → {state, pulled, pushed, pending, rejections: [{id, rev, error,
    // reason}], lastError, requests, conflicts: [ids], account, …}.
    sync: {
      async start() { await loaded; return call('sync.start'); },
      async stop() { await loaded; return call('sync.stop'); },
      async now() { await loaded; return call('sync.now'); },
      async status() { await loaded; return call('sync.status'); },
      async login(name, password) { await loaded; return call('sync.login', { name, password }); },
      async logout() { await loaded; return call('sync.logout'); },
      // The conflict dialog's model for one document (mine / theirs / ancestor per field), or null.
      async conflicts(id) { await loaded; return call('sync.conflict', id); },
      // Writes `merged` as the new revision and deletes the losing branches.
      async resolve(id, merged) { await loaded; const r = call('sync.resolve', { id, merged }); await whenSaved(); return r; },
      async openConflict(id) { await loaded; return call('sync.open_conflict', id); },
    },
  };
})();
