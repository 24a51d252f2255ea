// A small HTTP proxy that misbehaves on purpose, for the sync fault tests: in front of PouchDB Server it
// drops connections, truncates bodies, answers 500 / 502 / 429 and delays, chosen per request by a seeded
// PRNG (the same seed gives the same sequence of faults). Counts requests and faults by kind.
import http from 'node:http';
import { rng } from '../interop/mulberry32.mjs';

export const defaultRates = { drop: 0.04, truncate: 0.04, e500: 0.03, e502: 0.03, e429: 0.03, delay: 0.1 };

// Every kind of fault happens at least once early on (requests 2, 4, … after enabling), then at random.
const forced = ['drop', 'truncate', 'e500', 'e502', 'e429', 'delay'];

export function startFaultProxy({ target, seed = 0x5eed, rates = defaultRates, maxDelayMs = 1500, enabled = true }) {
  const random = rng(seed);
  const upstream = new URL(target);
  const stats = { requests: 0, passed: 0, drop: 0, truncate: 0, e500: 0, e502: 0, e429: 0, delay: 0, byPath: {} };
  const state = { enabled, seen: 0 };

  function choose() {
    if (!state.enabled) return 'pass';
    const n = ++state.seen;
    const r = random();
    if (n % 2 === 0 && n / 2 <= forced.length) return forced[n / 2 - 1];
    let acc = 0;
    for (const kind of ['drop', 'truncate', 'e500', 'e502', 'e429', 'delay']) {
      acc += rates[kind] || 0;
      if (r < acc) return kind;
    }
    return 'pass';
  }

  const server = http.createServer((req, res) => {
    stats.requests++;
    const pathKey = req.url.replace(/\?.*$/, '').replace(/^\/[^/]+\//, '/db/').replace(/\/[^_/][^/]*$/, '/{doc}');
    stats.byPath[`${req.method} ${pathKey}`] = (stats.byPath[`${req.method} ${pathKey}`] || 0) + 1;
    const fault = choose();
    const delay = fault === 'delay' ? Math.floor(random() * maxDelayMs) : 0;
    stats[fault === 'pass' ? 'passed' : fault]++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => setTimeout(() => {
      if (fault === 'drop') { req.socket.destroy(); return; }
      if (fault === 'e500' || fault === 'e502' || fault === 'e429') {
        const status = { e500: 500, e502: 502, e429: 429 }[fault];
        const headers = { 'content-type': 'application/json' };
        if (status === 429) headers['retry-after'] = '1';
        res.writeHead(status, headers).end(JSON.stringify({ error: 'injected', reason: `injected ${status}` }));
        return;
      }
      const body = Buffer.concat(chunks);
      const up = http.request({
        host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
        headers: { ...req.headers, host: upstream.host, 'content-length': body.length },
      }, (upRes) => {
        const parts = [];
        upRes.on('data', (c) => parts.push(c));
        upRes.on('end', () => {
          const full = Buffer.concat(parts);
          const headers = { ...upRes.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = full.length;
          res.writeHead(upRes.statusCode, headers);
          if (fault === 'truncate' && full.length > 1) {
            // Promise the whole body, send half of it, then hang up.
            res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
            return;
          }
          res.end(full);
        });
      });
      up.on('error', () => { if (!res.headersSent) res.writeHead(502).end(); else req.socket.destroy(); });
      up.end(body);
    }, delay));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        stats,
        setEnabled(on) { state.enabled = on; },
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
      });
    });
  });
}
