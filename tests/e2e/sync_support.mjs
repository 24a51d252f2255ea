// Helpers for the sync browser tests: a PouchDB Server (in memory) on a free port with the app's static
// server forwarding /db/ to it, PouchDB in node as a third peer, and comparisons of what each peer holds
// (winning revision, conflict set and body of every document).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSyncServer } from '../../scripts/sync_server.mjs';
import { startApp } from './support.mjs';

const require = createRequire(import.meta.url);

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// PouchDB Server in memory + the app (its /db/ forwards to that server) + one Chromium.
export async function startSyncWorld() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-server-'));
  const server = await startSyncServer({ port: await freePort(), dataDir, inMemory: true });
  const app = await startApp({ dbUrl: server.url });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sync-peers-'));
  const peers = [];
  return {
    server,
    app,
    dbUrl: server.url + 'crm',
    // PouchDB in node with its default (LevelDB) adapter in a temporary folder: "the third laptop".
    pouch(name) {
      const PouchDB = require('pouchdb');
      const db = new PouchDB(path.join(tmp, name));
      peers.push(db);
      return db;
    },
    async close() {
      for (const db of peers) await db.close().catch(() => {});
      await app.close();
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(fn, { timeout = 60000, interval = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export const syncStatus = (page) => page.evaluate(() => window.crm.sync.status());

// JSON with object keys sorted, so equal documents print equally.
export function stable(value) {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// {id: {rev, conflicts, body}} for documents that are not deleted (and not design documents).
function summarise(docs) {
  const out = {};
  for (const doc of docs) {
    if (!doc || doc._id.startsWith('_design/')) continue;
    const { _id, _rev, _conflicts, _attachments, _revisions, ...body } = doc;
    out[_id] = { rev: _rev, conflicts: [...(_conflicts || [])].sort(), body: stable(body) };
  }
  return out;
}

export async function browserState(page) {
  const docs = await page.evaluate(async () => {
    const all = await window.crm.query({ selector: {}, limit: 1000000 });
    return Promise.all(all.map((d) => window.crm.get(d._id)));
  });
  return summarise(docs);
}

export async function pouchState(db) {
  const all = await db.allDocs({ include_docs: true, conflicts: true });
  return summarise(all.rows.map((r) => r.doc));
}

export async function serverState(dbUrl) {
  const r = await fetch(`${dbUrl}/_all_docs?include_docs=true&conflicts=true`);
  const body = await r.json();
  return summarise(body.rows.map((row) => row.doc));
}

export async function serverDoc(dbUrl, id, query = '') {
  const r = await fetch(`${dbUrl}/${encodeURIComponent(id)}${query}`);
  return r.status === 200 ? r.json() : null;
}

// A short description of where two states differ (for assertion messages).
export function difference(a, b) {
  const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out = [];
  for (const id of ids) {
    if (stable(a[id]) !== stable(b[id])) out.push(`${id}: ${stable(a[id])} ≠ ${stable(b[id])}`);
  }
  return out.slice(0, 5).join('\n');
}

// Clicks widget `name` once it has stayed in place for two frames (the sync screen's rows move while the
// account check or a state change lands).
export async function clickSteady(page, name, timeoutMs = 10000) {
  const { uiItems, nextFrames } = await import('./support.mjs');
  const deadline = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    const r = (await uiItems(page))[name];
    if (r && last && r.x === last.x && r.y === last.y) {
      await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
      await nextFrames(page, 2);
      return;
    }
    if (Date.now() > deadline) throw new Error(`widget "${name}" not shown steadily`);
    last = r || null;
    await nextFrames(page, 2);
  }
}
