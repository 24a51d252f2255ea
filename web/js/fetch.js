// HTTP over fetch() for web/fetch_http_client.cpp (an Emscripten JS library), and the page's network
// state: navigator.onLine, the online/offline events, and what the last requests actually did.
// Requests send cookies (credentials: 'include', for CouchDB sessions) and are cancelled by an
// AbortController after their timeout. Bodies cross the boundary as bytes: request bodies are copied out
// of the wasm heap; response bodies (and headers as "name\0value\0…") come back in malloc'd buffers that
// the C++ side frees. An answer is handed over in a task of its own right after it arrives (a MessageChannel
// message runs crm_fetch_pump), never inside the promise callback and without waiting for the next frame;
// HttpClient::defer uses the same task. Such tasks run for at most pumpBudgetMs after each frame; then the
// rest waits for the next frame, so a stream of answers and write slices never keeps frames from coming.
// After a painted frame they wait for the next frame at once: under a software GPU, presenting the canvas
// takes tens of milliseconds of CPU and the next frame waits for it. In a hidden page (no frames at all)
// they run freely.
// (Methods are written `name: function` because Emscripten 3.1.6 serialises library objects that way.)
mergeInto(LibraryManager.library, {
  $CRMFETCH: {
    started: false,
    online: true,  // navigator.onLine, corrected by request outcomes
    pumpChannel: null,
    pumpPosted: false,
    pumpBudgetMs: 5,    // of background work after a frame, before the next frame goes first
    frameDoneAt: 0,      // performance.now() at the end of the last frame (-Infinity: it was painted)
    waitingForFrame: false,

    init: function () {
      if (CRMFETCH.started) return;
      CRMFETCH.started = true;
      CRMFETCH.online = typeof navigator === 'undefined' || navigator.onLine !== false;
      if (typeof window !== 'undefined' && window.addEventListener) {
        window.addEventListener('online', function () { CRMFETCH.online = true; });
        window.addEventListener('offline', function () { CRMFETCH.online = false; });
      }
      if (typeof document !== 'undefined' && document.addEventListener) {
        document.addEventListener('visibilitychange', function () {  // hidden: no frame will come to wait for
          if (!document.hidden || !CRMFETCH.waitingForFrame) return;
          CRMFETCH.waitingForFrame = false;
          CRMFETCH.schedulePump();
        });
      }
    },

    // Copies bytes into a malloc'd buffer (the receiver frees it); [pointer, length].
    toHeap: function (bytes) {
      const ptr = Module._malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, ptr);
      return [ptr, bytes.length];
    },

    finish: function (request, status, bodyBytes, headerFields, error) {
      const body = CRMFETCH.toHeap(bodyBytes);
      const headers = CRMFETCH.toHeap(new TextEncoder().encode(headerFields.length ? headerFields.join('\0') + '\0' : ''));
      Module.ccall('crm_fetch_done', null, ['number', 'number', 'number', 'number', 'number', 'number', 'string'],
                   [request, status, body[0], body[1], headers[0], headers[1], error || '']);
      CRMFETCH.schedulePump();
    },

    // Posts one crm_fetch_pump task (a message, not a timer: no 4 ms clamping; frames still come between).
    schedulePump: function () {
      if (CRMFETCH.pumpPosted) return;
      if (!CRMFETCH.pumpChannel) {
        if (typeof MessageChannel === 'undefined') return;  // the main loop's pump still delivers, once a frame
        CRMFETCH.pumpChannel = new MessageChannel();
        CRMFETCH.pumpChannel.port1.onmessage = function () {
          CRMFETCH.pumpPosted = false;
          const hidden = typeof document !== 'undefined' && document.hidden;
          if (!hidden && performance.now() - CRMFETCH.frameDoneAt > CRMFETCH.pumpBudgetMs) {
            CRMFETCH.waitingForFrame = true;  // crm_fetch_frame_done posts it again
            return;
          }
          Module.ccall('crm_fetch_pump', null, [], []);
        };
      }
      CRMFETCH.pumpPosted = true;
      CRMFETCH.pumpChannel.port2.postMessage(0);
    },
  },

  crm_fetch_send__deps: ['$CRMFETCH'],
  crm_fetch_send: function (request, methodPtr, urlPtr, headersPtr, headersLength, bodyPtr, bodyLength, timeoutMs) {
    CRMFETCH.init();
    const method = UTF8ToString(methodPtr);
    const url = UTF8ToString(urlPtr);
    const headerFields = new TextDecoder().decode(HEAPU8.slice(headersPtr, headersPtr + headersLength)).split('\0');
    const headers = new Headers();
    for (let i = 0; i + 1 < headerFields.length; i += 2) {
      try { headers.append(headerFields[i], headerFields[i + 1]); } catch (e) { /* a name fetch forbids */ }
    }
    // Cookies (the CouchDB session) go with every request; 'same-origin' where that suffices, as it costs
    // the page about half as much per fetch() call as 'include' (which a server on another origin needs).
    const sameOrigin = new URL(url, location.href).origin === location.origin;
    const init = { method: method, headers: headers, credentials: sameOrigin ? 'same-origin' : 'include',
      cache: 'no-store', redirect: 'follow' };
    if (bodyLength > 0 && method !== 'GET' && method !== 'HEAD') init.body = HEAPU8.slice(bodyPtr, bodyPtr + bodyLength);
    const controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    let timedOut = false;
    let timer = 0;
    if (controller) {
      init.signal = controller.signal;
      if (timeoutMs > 0) timer = setTimeout(function () { timedOut = true; controller.abort(); }, timeoutMs);
    }
    const failed = function (err) {
      clearTimeout(timer);
      const why = timedOut ? 'timeout after ' + timeoutMs + ' ms' : String((err && err.message) || err || 'network error');
      if (typeof navigator !== 'undefined' && navigator.onLine === false) CRMFETCH.online = false;
      CRMFETCH.finish(request, 0, new Uint8Array(0), [], why);
    };
    let response;
    fetch(url, init).then(function (r) {
      response = r;
      return r.arrayBuffer();
    }).then(function (buffer) {
      clearTimeout(timer);
      CRMFETCH.online = true;  // a response arrived: whatever navigator.onLine says, the server is there
      const fields = [];
      response.headers.forEach(function (value, name) { fields.push(name, value); });
      CRMFETCH.finish(request, response.status, new Uint8Array(buffer), fields, '');
    }, failed);
  },

  // The main loop finished a frame: background work may run for a while again (after a painted frame:
  // from the next frame on).
  crm_fetch_frame_done__deps: ['$CRMFETCH'],
  crm_fetch_frame_done: function (painted) {
    CRMFETCH.frameDoneAt = painted ? -Infinity : performance.now();
    if (!CRMFETCH.waitingForFrame || painted) return;
    CRMFETCH.waitingForFrame = false;
    CRMFETCH.schedulePump();
  },

  crm_fetch_schedule_pump__deps: ['$CRMFETCH'],
  crm_fetch_schedule_pump: function () {
    CRMFETCH.schedulePump();
  },

  // 1 online, 0 offline.
  crm_fetch_online__deps: ['$CRMFETCH'],
  crm_fetch_online: function () {
    CRMFETCH.init();
    return CRMFETCH.online ? 1 : 0;
  },
});
