// IndexedDB for web/idb_persistence.cpp (an Emscripten JS library). Object stores: "docs" (document
// records: the log), "segments" (many documents per value, core/store/segment.h; added in version 2) and
// "meta" (update sequence, key table, checkpoints, settings); values are packed documents and segments
// (ArrayBuffers) or compact JSON strings. Buffers to and from wasm hold length-prefixed fields (u32 LE).
// One transaction per batch, its requests issued 100 a task; loading sends the metadata, then the segments
// (16 a getAll(), each handed to wasm as one byte array), then the document records in getAll() chunks of
// 5,000; the next read is issued before wasm takes in the current one, so the two overlap. Loading is staged
// (core/store/segment.h): that first stage reads the segments with keys before "r" (the first screen's documents,
// and every segment of earlier versions); once wasm has it, the Records stage's segments (keys from "r" on) are
// read into JS, at most about two getAll()s ahead, and wasm takes them one at a time (crm_idb_take_later). The page's database
// is read from the moment crm.js is evaluated (CRMIDB.prefetch), while the wasm downloads and compiles, keeping at
// most about 64 MB in JS until main()'s load takes over what was read.
// (Methods are written `name: function` because Emscripten 3.1.6 serialises library objects that way.)
mergeInto(LibraryManager.library, {
  $CRMIDB__postset: 'CRMIDB.prefetch();',
  $CRMIDB: {
    version: 2,
    chunk: 5000,
    segmentChunk: 16,  // segments a getAll() reads (each handed to wasm in a buffer of its own)
    requestsPerTask: 100,  // puts a write issues in one task (a large batch goes out over several)
    opened: {},  // name -> Promise<IDBDatabase>
    prefetched: null,  // the reader prefetch() started, until crm_idb_load takes it
    holdBytes: 64 * 1024 * 1024,  // what the prefetch keeps in JS at most (about) until main() asks
    readTransactions: 0,  // readonly transactions loads have used (tests: a capped prefetch used several)
    laterTransactions: 0,  // readonly transactions the Records stage has used (one a getAll())

    open: function (name) {
      if (CRMIDB.opened[name]) return CRMIDB.opened[name];
      const p = new Promise((resolve, reject) => {
        let req;
        try {
          if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('indexedDB is not available');
          req = indexedDB.open(name, CRMIDB.version);
        } catch (e) {
          reject({ code: 'unavailable', detail: String(e && e.message || e) });
          return;
        }
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('docs')) db.createObjectStore('docs');
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
          if (!db.objectStoreNames.contains('segments')) db.createObjectStore('segments');
        };
        req.onblocked = () => reject({ code: 'blocked', detail: 'another tab has an older version of the database open' });
        req.onerror = () => reject({ code: 'unavailable', detail: String(req.error && req.error.name) + ': ' + String(req.error && req.error.message) });
        req.onsuccess = () => {
          const db = req.result;
          // A newer version of the app in another tab wants to upgrade: let it, and tell this tab to reload.
          db.onversionchange = () => {
            db.close();
            delete CRMIDB.opened[name];
            if (Module.crmStorageEvent) Module.crmStorageEvent('versionchange');
          };
          resolve(db);
        };
      });
      CRMIDB.opened[name] = p;
      p.catch(() => { delete CRMIDB.opened[name]; });
      return p;
    },

    done: function (request, code, detail) {
      Module.ccall('crm_idb_done', null, ['number', 'string', 'string'], [request, code || '', detail || '']);
    },

    errorCode: function (err) {
      const name = err && err.name;
      if (name === 'QuotaExceededError') return 'quota';
      if (name === 'InvalidStateError' || name === 'SecurityError') return 'unavailable';
      return 'io';
    },

    // Hands records to wasm (`target`: crm_idb_chunk or crm_idb_segments) as one malloc'd buffer: u32 count
    // of the first kind (docs, segments), then per record u32 key length, key, kind (1 bytes, 0 text), u32
    // value length, value (wasm frees it).
    send: function (target, request, docCount, keys, values) {
      const enc = CRMIDB.encoder || (CRMIDB.encoder = new TextEncoder());
      const parts = new Array(keys.length * 2);
      let total = 4;
      for (let i = 0; i < keys.length; ++i) {
        const k = enc.encode(keys[i]);
        const v = values[i];
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
          : enc.encode(typeof v === 'string' ? v : JSON.stringify(v));
        parts[2 * i] = k;
        parts[2 * i + 1] = bytes;
        total += 9 + k.length + bytes.length;
      }
      const ptr = Module._malloc(total);
      if (!ptr) throw new Error('out of memory for a loaded chunk of ' + total + ' bytes');
      const view = new DataView(HEAPU8.buffer, ptr, total);
      view.setUint32(0, docCount, true);
      let at = ptr + 4;
      for (let i = 0; i < parts.length; i += 2) {
        const k = parts[i], v = parts[i + 1];
        view.setUint32(at - ptr, k.length, true);
        HEAPU8.set(k, at + 4);
        at += 4 + k.length;
        HEAPU8[at] = v.length > 0 && v[0] >= 0x80 ? 1 : 0;
        view.setUint32(at + 1 - ptr, v.length, true);
        HEAPU8.set(v, at + 5);
        at += 5 + v.length;
      }
      Module.ccall(target, null, ['number', 'number', 'number'], [request, ptr, total]);
    },

    // Reads a batch written by idb_persistence.cpp: five counts then the fields (see its write()).
    parseBatch: function (ptr, length) {
      const view = new DataView(HEAPU8.buffer, ptr, length);
      const dec = CRMIDB.decoder || (CRMIDB.decoder = new TextDecoder());
      let at = 20;
      const field = () => {
        const n = view.getUint32(at, true);
        const start = ptr + at + 4;
        at += 4 + n;
        return [start, n];
      };
      const text = (f) => dec.decode(HEAPU8.subarray(f[0], f[0] + f[1]));
      const value = () => {
        const binary = HEAPU8[ptr + at] === 1;
        at += 1;
        const f = field();
        return binary ? HEAPU8.slice(f[0], f[0] + f[1]).buffer : text(f);
      };
      const count = (n) => view.getUint32(4 * n, true);
      const records = (n) => { const out = []; for (let i = 0; i < n; ++i) { const k = text(field()); out.push([k, value()]); } return out; };
      const keys = (n) => { const out = []; for (let i = 0; i < n; ++i) out.push(text(field())); return out; };
      const docs = records(count(0)), erased = keys(count(1)), meta = records(count(2));
      const segments = records(count(3)), erasedSegments = keys(count(4));
      return { docs, erased, meta, segments, erasedSegments };
    },

    // Starts reading database `name` (the metadata, then the segments, then the log) and returns a reader that
    // keeps what arrives until deliverTo(request) hands it to wasm, in order, then the rest as it arrives, and
    // finally the outcome (crm_idb_done). Each read goes out before wasm takes in the one before, so reading and
    // taking in overlap. Before wasm asks, at most about `holdBytes` are kept: the next read then waits for
    // deliverTo (a large store cannot pile up hundreds of MB in JS while the wasm compiles) and goes on in a new
    // readonly transaction from the last key read (the first one has ended by then: nothing was pending). Only
    // this page writes the database once it runs, and a document stored twice loads its later copy either way.
    read: function (name, holdBytes) {
      const queue = [];  // [target, docCount, keys, values] or ['done', code, detail]
      let request = null, failed = null;  // failed: why a chunk could not be handed over (the rest are not)
      let database = null;  // once open: the Records stage is read from it after the first stage
      let held = 0, waiting = null;  // bytes queued; the read held back until deliverTo
      const deliver = (item) => {
        if (item[0] === 'done') {
          const ok = !failed && !item[1];
          if (failed && !item[1]) CRMIDB.done(request, 'io', failed);
          else CRMIDB.done(request, item[1], item[2]);
          CRMIDB.later = ok && database && database.objectStoreNames.contains('segments') ? CRMIDB.readLater(database) : null;
        } else if (!failed) {
          try { CRMIDB.send(item[0], request, item[1], item[2], item[3]); } catch (e) { failed = String(e && e.message || e); }
        }
      };
      const sizeOf = (v) => (v && v.byteLength !== undefined ? v.byteLength : typeof v === 'string' ? 2 * v.length : 0);
      const push = (item) => {
        if (request !== null) { deliver(item); return; }
        queue.push(item);
        if (item[0] !== 'done') for (let i = 0; i < item[3].length; ++i) held += sizeOf(item[3][i]);
      };
      let ended = false;  // an outcome was pushed
      const end = (code, detail) => { if (!ended) { ended = true; push(['done', code, detail]); } };
      CRMIDB.open(name).then((db) => {
        database = db;
        const hasSegments = db.objectStoreNames.contains('segments');
        const names = hasSegments ? ['docs', 'meta', 'segments'] : ['docs', 'meta'];
        let finished = false;  // the last read has answered: the transaction's completion is the outcome
        const begin = () => {
          const t = db.transaction(names, 'readonly');
          ++CRMIDB.readTransactions;
          t.oncomplete = () => { if (finished && t === tx) end('', ''); };
          t.onerror = () => end(CRMIDB.errorCode(t.error), String(t.error));
          t.onabort = () => end(CRMIDB.errorCode(t.error), String(t.error));
          return t;
        };
        let tx = begin();
        // Reads [keys, values] of `store` after `after` (null: from the start), at most `count`; then(k, v). The
        // segments: the first stage's only (keys before "r").
        const read = (store, after, count, then) => {
          const upper = store === 'segments' ? 'r' : null;
          const range = after === null ? (upper === null ? null : IDBKeyRange.upperBound(upper, true))
            : upper === null ? IDBKeyRange.lowerBound(after, true) : IDBKeyRange.bound(after, upper, true, true);
          const keys = tx.objectStore(store).getAllKeys(range, count);
          const values = tx.objectStore(store).getAll(range, count);
          values.onsuccess = () => then(keys.result, values.result);
        };
        // The next read now, or, while more than holdBytes wait for wasm, once deliverTo has handed them over.
        const next = (go) => {
          if (request === null && held > holdBytes) {
            waiting = () => { try { tx = begin(); go(); } catch (e) { end(CRMIDB.errorCode(e), String(e)); } };
          } else {
            go();
          }
        };
        // Reads one store chunk by chunk: the next read goes out before this one is handed on.
        const stream = (store, count, target, after, then) => read(store, after, count, (k, v) => {
          if (k.length === count) next(() => stream(store, count, target, k[k.length - 1], then));
          else if (then) next(then);
          else finished = true;
          if (target !== 'crm_idb_segments') {
            if (k.length > 0) push([target, k.length, k.map(String), Array.from(v)]);
          } else {
            for (let i = 0; i < k.length; ++i) push([target, 1, [String(k[i])], [v[i]]]);  // a buffer each
          }
        });
        const metaKeys = tx.objectStore('meta').getAllKeys();
        const metaValues = tx.objectStore('meta').getAll();
        metaValues.onsuccess = () => {
          const docs = () => stream('docs', CRMIDB.chunk, 'crm_idb_chunk', null, null);
          if (hasSegments) stream('segments', CRMIDB.segmentChunk, 'crm_idb_segments', null, docs);
          else docs();
          // The metadata first (a chunk without documents): packed records need the key table.
          if (metaKeys.result.length > 0) push(['crm_idb_chunk', 0, metaKeys.result.map(String), Array.from(metaValues.result)]);
        };
      }, (err) => end(err.code, err.detail));
      return {
        name,
        // What arrived before is handed over from a task of its own (never inside the caller: main() asks).
        deliverTo: (r) => setTimeout(() => {
          request = r;
          while (queue.length > 0) deliver(queue.shift());
          held = 0;
          if (waiting) { const go = waiting; waiting = null; go(); }
        }, 0),
      };
    },

    // The Records stage's reader (see the top): segments from key "r" on, in readonly transactions of one getAll()
    // each, at most about two getAll()s kept in JS; `take` hands wasm the next one.
    later: null,
    readLater: function (db) {
      const later = { queue: [], after: null, reading: false, done: false, ended: null };
      later.more = () => {
        if (later.reading || later.done || later.ended || later.queue.length >= CRMIDB.segmentChunk) return;
        later.reading = true;
        let tx;
        try {
          tx = db.transaction(['segments'], 'readonly');
        } catch (e) {
          later.reading = false;
          later.ended = [CRMIDB.errorCode(e), String(e)];
          return;
        }
        ++CRMIDB.laterTransactions;
        const range = later.after === null ? IDBKeyRange.lowerBound('r') : IDBKeyRange.lowerBound(later.after, true);
        const keys = tx.objectStore('segments').getAllKeys(range, CRMIDB.segmentChunk);
        const values = tx.objectStore('segments').getAll(range, CRMIDB.segmentChunk);
        values.onsuccess = () => {
          later.reading = false;
          const k = keys.result, v = values.result;
          for (let i = 0; i < k.length; ++i) later.queue.push([String(k[i]), v[i]]);
          if (k.length > 0) later.after = k[k.length - 1];
          if (k.length < CRMIDB.segmentChunk) later.done = true;
          else later.more();
        };
        const fail = () => { later.reading = false; if (!later.ended) later.ended = [CRMIDB.errorCode(tx.error), String(tx.error)]; };
        tx.onerror = fail;
        tx.onabort = fail;
      };
      later.more();
      return later;
    },

    // The prefetch's cap: holdBytes, or the page's `?prefetch_hold_kb=N` (the tests' way to make a small store
    // cross it).
    prefetchHoldBytes: function () {
      const kb = Number(new URLSearchParams(location.search).get('prefetch_hold_kb'));
      return kb > 0 ? kb * 1024 : CRMIDB.holdBytes;
    },

    // Runs when crm.js is evaluated, before the wasm is downloaded and compiled: the page's database (the rule
    // of web::pageDatabaseName) is read meanwhile, and crm_idb_load takes over what was read.
    prefetch: function () {
      if (typeof location === 'undefined' || typeof indexedDB === 'undefined') return;
      const name = new URLSearchParams(location.search).has('demo') ? 'crm-demo' : 'crm';
      CRMIDB.prefetched = CRMIDB.read(name, CRMIDB.prefetchHoldBytes());
    },
  },

  crm_idb_load__deps: ['$CRMIDB'],
  crm_idb_load: function (namePtr, request) {
    const name = UTF8ToString(namePtr);
    const prefetched = CRMIDB.prefetched;
    CRMIDB.prefetched = null;
    const reader = prefetched && prefetched.name === name ? prefetched : CRMIDB.read(name, Infinity);
    reader.deliverTo(request);
  },

  // Hands wasm the Records stage's next segment (crm_idb_segments, for `request`): 1 when one was handed over, 0
  // when none is read yet, 2 when the stage has ended (its outcome reported by crm_idb_done first).
  crm_idb_take_later__deps: ['$CRMIDB'],
  crm_idb_take_later: function (request) {
    const later = CRMIDB.later;
    const end = (code, detail) => { CRMIDB.later = null; CRMIDB.done(request, code, detail); return 2; };
    if (!later) return end('', '');
    if (later.queue.length > 0) {
      const item = later.queue.shift();
      later.more();
      try {
        CRMIDB.send('crm_idb_segments', request, 1, [item[0]], [item[1]]);
      } catch (e) {
        return end('memory', String(e && e.message || e));
      }
      return 1;
    }
    if (later.ended) return end(later.ended[0], later.ended[1]);
    if (later.done && !later.reading) return end('', '');
    return 0;
  },

  crm_idb_write__deps: ['$CRMIDB'],
  crm_idb_write: function (namePtr, request, ptr, length, strict) {
    const name = UTF8ToString(namePtr);
    const batch = CRMIDB.parseBatch(ptr, length);
    CRMIDB.open(name).then((db) => {
      let tx;
      try {
        tx = db.transaction(['docs', 'meta', 'segments'], 'readwrite', { durability: strict ? 'strict' : 'default' });
      } catch (e) {
        CRMIDB.done(request, CRMIDB.errorCode(e), String(e));
        return;
      }
      const docs = tx.objectStore('docs');
      const meta = tx.objectStore('meta');
      const segments = tx.objectStore('segments');
      // The requests in order: [store, 'put' | 'delete', key, value].
      const ops = [];
      // (No destructuring in for-of: Emscripten 3.1.6's minifier breaks it.)
      batch.docs.forEach((r) => ops.push([docs, 'put', r[0], r[1]]));
      batch.erased.forEach((key) => ops.push([docs, 'delete', key]));
      batch.meta.forEach((r) => ops.push([meta, 'put', r[0], r[1]]));
      batch.segments.forEach((r) => ops.push([segments, 'put', r[0], r[1]]));
      batch.erasedSegments.forEach((key) => ops.push([segments, 'delete', key]));
      // A slice of requests a task: the next slice goes out from the success of the current slice's first
      // request (the transaction stays active there, and the rest of the slice keeps IndexedDB busy meanwhile).
      const issue = (from) => {
        const to = Math.min(ops.length, from + CRMIDB.requestsPerTask);
        let first = null;
        try {
          for (let k = from; k < to; ++k) {
            const [store, op, key, value] = ops[k];
            const req = op === 'put' ? store.put(value, key) : store.delete(key);
            if (first === null) first = req;
          }
        } catch (e) {
          try { tx.abort(); } catch (_) { /* already aborted */ }
          report(CRMIDB.errorCode(e), String(e));
          return;
        }
        if (to < ops.length) first.onsuccess = () => issue(to);
      };
      let reported = false;
      const report = (code, detail) => { if (!reported) { reported = true; CRMIDB.done(request, code, detail); } };
      tx.oncomplete = () => report('', '');
      tx.onerror = () => report(CRMIDB.errorCode(tx.error), String(tx.error));
      tx.onabort = () => report(CRMIDB.errorCode(tx.error), String(tx.error));
      issue(0);
    }, (err) => CRMIDB.done(request, err.code, err.detail));
  },
});
