// Serves the built app's static files on 127.0.0.1 and forwards /db/… to the local sync server, so the
// app and its database share one origin (no CORS needed). Used by `./crm run` and by the browser tests.
// Usage: node server/static_server.mjs <appDir> <port> [dbUrl]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.data': 'application/octet-stream', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.css': 'text/css',
};

export function startStaticServer({ appDir, port = 0, dbUrl = null, host = '127.0.0.1' }) {
  const root = path.resolve(appDir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (dbUrl && (url.pathname === '/db' || url.pathname.startsWith('/db/'))) return forward(req, res, url);
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-cache',
      });
      fs.createReadStream(file).pipe(res);
    });
  });

  function forward(req, res, url) {
    const target = new URL(dbUrl);
    const upstreamPath = target.pathname.replace(/\/$/, '') + url.pathname.slice(3) + url.search;
    const upstream = http.request({
      host: target.hostname, port: target.port, method: req.method, path: upstreamPath || '/',
      headers: { ...req.headers, host: target.host },
    }, (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
    upstream.on('error', () => { if (!res.headersSent) res.writeHead(502).end('sync server unreachable'); });
    req.pipe(upstream);
  }

  return new Promise((resolve) => {
    server.listen(port, host, () => resolve({ server, port: server.address().port, close: () => new Promise((r) => server.close(r)) }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [appDir, port, dbUrl] = process.argv.slice(2);
  const { port: actual } = await startStaticServer({ appDir, port: Number(port || 8080), dbUrl: dbUrl || null });
  console.log(`static server on http://127.0.0.1:${actual}/`);
}
