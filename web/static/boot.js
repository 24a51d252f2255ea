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

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });

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
  };

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

  // ---- text input bridge: the hidden textarea receives typing, IME commits and pastes ----
  let composing = false;
  function sendText(text) {
    if (text) Module.ccall('crm_text_input', null, ['string'], [text]);
  }
  textInput.addEventListener('compositionstart', () => { composing = true; });
  textInput.addEventListener('compositionend', () => {
    composing = false;
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
    const out = Module.ccall('crm_api', 'string', ['string', 'string'], [method, JSON.stringify(arg ?? null)]);
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
  window.crm = {
    ready,
    async put(doc) { await ready; const r = call('put', doc); await whenSaved(); return r; },
    async bulk(docs) { await ready; const r = call('bulk', docs); await whenSaved(); return r; },
    async get(id) { await ready; return call('get', id); },
    async remove(id, rev) { await ready; const r = call('remove', { id, rev }); await whenSaved(); return r; },
    async query(q) { await ready; return call('query', q || {}); },
    async stats() { await ready; return call('stats'); },
    whenSaved,
  };
})();
