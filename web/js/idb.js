// IndexedDB for web/idb_persistence.cpp (an Emscripten JS library). Object stores: "docs" (document
// records) and "meta" (update sequence, checkpoints, settings); values are compact JSON strings.
// One transaction per batch, its requests issued 100 a task; loading streams getAll() chunks of 5,000 records.
// (Methods are written `name: function` because Emscripten 3.1.6 serialises library objects that way.)
mergeInto(LibraryManager.library, {
  $CRMIDB: {
    version: 1,
    chunk: 5000,
    requestsPerTask: 100,  // puts a write issues in one task (a large batch goes out over several)
    opened: {},  // name -> Promise<IDBDatabase>

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

    // Hands fields to wasm as one malloc'd buffer of NUL-terminated UTF-8 strings (wasm frees it).
    send: function (request, fields) {
      const bytes = new TextEncoder().encode(fields.join('\0') + '\0');
      const ptr = Module._malloc(bytes.length);
      HEAPU8.set(bytes, ptr);
      Module.ccall('crm_idb_chunk', null, ['number', 'number', 'number'], [request, ptr, bytes.length]);
    },
  },

  crm_idb_load__deps: ['$CRMIDB'],
  crm_idb_load: function (namePtr, request) {
    const name = UTF8ToString(namePtr);
    CRMIDB.open(name).then((db) => {
      const tx = db.transaction(['docs', 'meta'], 'readonly');
      const docs = tx.objectStore('docs');
      let meta = null;
      const metaKeys = tx.objectStore('meta').getAllKeys();
      const metaValues = tx.objectStore('meta').getAll();
      metaValues.onsuccess = () => {
        meta = [];
        metaKeys.result.forEach((k, i) => { meta.push(String(k), String(metaValues.result[i])); });
        next(null);
      };
      function next(after) {
        const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const keys = docs.getAllKeys(range, CRMIDB.chunk);
        const values = docs.getAll(range, CRMIDB.chunk);
        values.onsuccess = () => {
          const k = keys.result, v = values.result;
          if (k.length === 0 && meta === null) return;
          const fields = [String(k.length)];
          for (let i = 0; i < k.length; ++i) fields.push(String(k[i]), typeof v[i] === 'string' ? v[i] : JSON.stringify(v[i]));
          if (meta) { for (const f of meta) fields.push(f); meta = null; }
          if (k.length > 0 || fields.length > 1) CRMIDB.send(request, fields);
          if (k.length === CRMIDB.chunk) next(k[k.length - 1]);
        };
      }
      tx.oncomplete = () => CRMIDB.done(request, '', '');
      tx.onerror = () => CRMIDB.done(request, CRMIDB.errorCode(tx.error), String(tx.error));
      tx.onabort = () => CRMIDB.done(request, CRMIDB.errorCode(tx.error), String(tx.error));
    }, (err) => CRMIDB.done(request, err.code, err.detail));
  },

  crm_idb_write__deps: ['$CRMIDB'],
  crm_idb_write: function (namePtr, request, ptr, length, strict) {
    const name = UTF8ToString(namePtr);
    const fields = new TextDecoder().decode(HEAPU8.slice(ptr, ptr + length)).split('\0');
    CRMIDB.open(name).then((db) => {
      let tx;
      try {
        tx = db.transaction(['docs', 'meta'], 'readwrite', { durability: strict ? 'strict' : 'default' });
      } catch (e) {
        CRMIDB.done(request, CRMIDB.errorCode(e), String(e));
        return;
      }
      const docs = tx.objectStore('docs');
      const meta = tx.objectStore('meta');
      const docCount = Number(fields[0]), erasedCount = Number(fields[1]), metaCount = Number(fields[2]);
      // The requests in order: [store, 'put' | 'delete', key, value].
      const ops = [];
      let i = 3;
      for (let n = 0; n < docCount; ++n, i += 2) ops.push([docs, 'put', fields[i], fields[i + 1]]);
      for (let n = 0; n < erasedCount; ++n, ++i) ops.push([docs, 'delete', fields[i]]);
      for (let n = 0; n < metaCount; ++n, i += 2) ops.push([meta, 'put', fields[i], fields[i + 1]]);
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
