// A proxy in front of PouchDB Server that spoils the answers to sync requests (_changes, _bulk_get, _revs_diff,
// _bulk_docs, _local checkpoints) with a fixed seed: truncated JSON, an HTML error page, well-formed JSON of the
// wrong shape (wrong types, entries for ids never asked, missing fields), 500 and 429. A spoiled request is
// carried out by the server or not, at random. Every spoiled answer is detectably wrong (a client that checks
// shapes can tell); spoiling stops after the first `spoilFirst` sync requests. Counts what it did by class.
import http from 'node:http';
import { rng } from '../interop/mulberry32.mjs';

export const classes = ['truncated', 'html', 'wrong_types', 'unasked_ids', 'missing_fields', 'e500', 'e429'];

const endpointOf = (method, url) => {
  const path = url.replace(/\?.*$/, '');
  if (/\/_changes$/.test(path)) return '_changes';
  if (/\/_bulk_get$/.test(path)) return '_bulk_get';
  if (/\/_revs_diff$/.test(path)) return '_revs_diff';
  if (/\/_bulk_docs$/.test(path)) return '_bulk_docs';
  if (/\/_local\//.test(path)) return method === 'PUT' ? 'put_local' : 'get_local';
  return null;
};

const parse = (buf) => { try { return JSON.parse(buf.toString('utf8')); } catch { return undefined; } };

// A well-formed JSON answer of the wrong shape for `endpoint`, given the request and the server's answer.
function wrongShape(kind, endpoint, request, answer) {
  const firstAsked = request && typeof request === 'object' ? Object.keys(request)[0] || 'x' : 'x';
  const firstSent = request && Array.isArray(request.docs) && request.docs[0] ? request.docs[0]._id : 'x';
  switch (endpoint) {
    case '_changes': {
      const a = answer && typeof answer === 'object' ? answer : { results: [], last_seq: 0 };
      if (kind === 'wrong_types') {
        if (Array.isArray(a.results) && a.results.length) a.results.forEach((r) => { r.id = 42; }); else a.results = {};
      } else if (kind === 'unasked_ids') {
        (a.results = Array.isArray(a.results) ? a.results : []).push({ seq: 1, id: 'never-asked', changes: '1-x' });
      } else {
        delete a.last_seq;
      }
      return a;
    }
    case '_revs_diff':
      if (kind === 'wrong_types') return { [firstAsked]: { missing: '1-abc' } };
      if (kind === 'unasked_ids') return { 'never-asked': { missing: ['1-abc'] } };
      return { [firstAsked]: {} };
    case '_bulk_docs':
      if (kind === 'wrong_types') return { ok: true };
      if (kind === 'unasked_ids') return [{ id: 'never-sent', rev: '1-x', error: 'conflict', reason: 'x' }];
      return [{ id: firstSent }];
    case '_bulk_get': {
      const a = answer && Array.isArray(answer.results) ? answer : { results: [] };
      if (kind === 'wrong_types') return { results: 'none' };
      if (kind === 'unasked_ids') { a.results.push({ id: 'never-asked', docs: [] }); return a; }
      if (a.results.length) a.results.pop(); else delete a.results;
      return a;
    }
    case 'get_local':
      if (kind === 'wrong_types') return { last_seq: {}, history: 'none' };
      if (kind === 'unasked_ids') return { _id: '_local/someone-else', _rev: '0-1', last_seq: 0 };
      return { ok: true };
    case 'put_local':
      if (kind === 'wrong_types') return { ok: 'yes', rev: 7 };
      return { ok: true };
    default:
      return { ok: true };
  }
}

export function startGarblingProxy({ target, seed = 1, rate = 0.35, spoilFirst = 200 }) {
  const random = rng(seed);
  const upstream = new URL(target);
  const stats = { requests: 0, sync: 0, spoiled: 0, forwardedSpoiled: 0, lastSpoiledAt: 0, byClass: {}, byEndpoint: {} };
  for (const c of classes) stats.byClass[c] = 0;

  // Each class comes early once (sync requests 2, 4, …), then at random with probability `rate`.
  function choose() {
    const n = stats.sync;
    if (n > spoilFirst) return null;
    if (n % 2 === 0 && n / 2 <= classes.length) return classes[n / 2 - 1];
    return random() < rate ? classes[Math.floor(random() * classes.length)] : null;
  }

  function forward(req, body) {
    return new Promise((resolve) => {
      const headers = { ...req.headers, host: upstream.host, 'content-length': body.length };
      delete headers['accept-encoding'];  // plain bodies: the proxy reads and rewrites them
      const up = http.request({
        host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers,
      }, (upRes) => {
        const parts = [];
        upRes.on('data', (c) => parts.push(c));
        upRes.on('end', () => resolve({ status: upRes.statusCode, headers: upRes.headers, body: Buffer.concat(parts) }));
        upRes.on('error', () => resolve({ status: 502, headers: {}, body: Buffer.from('{}') }));
      });
      up.on('error', () => resolve({ status: 502, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"bad_gateway"}') }));
      up.end(body);
    });
  }

  function send(res, status, headers, body) {
    const h = { ...headers };
    delete h['transfer-encoding'];
    delete h['content-encoding'];
    h['content-length'] = body.length;
    res.writeHead(status, h).end(body);
  }

  const server = http.createServer((req, res) => {
    stats.requests++;
    const endpoint = endpointOf(req.method, req.url);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let kind = null;
      if (endpoint) {
        stats.sync++;
        stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] || 0) + 1;
        kind = choose();
      }
      if (!kind) {
        const up = await forward(req, body);
        return send(res, up.status, up.headers, up.body);
      }
      stats.spoiled++;
      stats.byClass[kind]++;
      stats.lastSpoiledAt = Date.now();
      // The server carries the request out, or never sees it.
      const carriedOut = random() < 0.5;
      const up = carriedOut ? await forward(req, body) : null;
      if (carriedOut) stats.forwardedSpoiled++;
      const json = { 'content-type': 'application/json' };
      if (kind === 'e500') return send(res, 500, json, Buffer.from('{"error":"internal_server_error","reason":"injected"}'));
      if (kind === 'e429') return send(res, 429, { ...json, 'retry-after': '1' }, Buffer.from('{"error":"too_many_requests","reason":"injected"}'));
      if (kind === 'html') {
        return send(res, 200, { 'content-type': 'text/html' }, Buffer.from('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>'));
      }
      const real = up ? up.body : Buffer.from(endpoint === '_bulk_docs' ? '[]' : endpoint === '_revs_diff' ? '{}' : '{"results":[],"last_seq":0}');
      if (kind === 'truncated') {
        const full = real.length > 2 ? real : Buffer.from('{"results":[]}');
        return send(res, 200, json, full.subarray(0, Math.max(1, Math.floor(full.length / 2))));
      }
      const spoiled = wrongShape(kind, endpoint, parse(body), up ? parse(up.body) : undefined);
      return send(res, endpoint === '_bulk_docs' || endpoint === 'put_local' ? 201 : 200, json, Buffer.from(JSON.stringify(spoiled)));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.port || server.address().port}/`,
        stats,
        spoiling: () => stats.sync <= spoilFirst,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
      });
    });
  });
}
