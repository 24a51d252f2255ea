// Interop: our replicator (the native sync_tool over SocketHttpClient) against PouchDB Server, filled
// by PouchDB itself with edits, deletions, conflicts and attachments. After every run each document's
// winning revision, conflicts, leaves and attachment digests must equal what PouchDB Server reports.
// Run: node --test tests/interop/   (CRM_NATIVE_BUILD = folder holding tests/sync_tool)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startSyncServer } from '../../scripts/sync_server.mjs';

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = process.env.CRM_NATIVE_BUILD || path.join(root, 'build/native');
const tool = [path.join(buildDir, 'tests', 'sync_tool'), path.join(buildDir, 'sync_tool')].find((p) => existsSync(p));

let server;
let base;
let tmp;
const photo = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));

async function freePort() {
  const srv = net.createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function runTool(log, url, mode, extra = []) {
  const run = spawnSync(tool, [log, url, mode, ...extra], { encoding: 'utf8', timeout: 120000, maxBuffer: 64 << 20 });
  assert.ok(run.stdout, `sync_tool printed nothing (status ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  assert.equal(run.status, 0, `sync_tool failed: ${report.state} ${report.error}`);
  return report;
}

function putFile(docs) {
  const file = path.join(tmp, `put-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(docs));
  return file;
}

// What PouchDB Server holds: per document the winner, conflicts, leaves and attachment digests.
async function serverView(dbUrl) {
  const changes = await (await fetch(`${dbUrl}/_changes?style=all_docs`)).json();
  const view = {};
  for (const row of changes.results) {
    const id = row.id;
    const enc = encodeURIComponent(id);
    const open = await (await fetch(`${dbUrl}/${enc}?open_revs=all`, { headers: { Accept: 'application/json' } })).json();
    const leaves = open.filter((x) => x.ok).map((x) => ({ rev: x.ok._rev, deleted: !!x.ok._deleted }));
    const entry = { rev: null, deleted: false, conflicts: [], leaves: sortLeaves(leaves) };
    const res = await fetch(`${dbUrl}/${enc}?conflicts=true`);
    if (res.status === 200) {
      const doc = await res.json();
      entry.rev = doc._rev;
      entry.conflicts = (doc._conflicts || []).slice().sort();
      if (doc._attachments) {
        entry.attachments = Object.fromEntries(Object.entries(doc._attachments).map(([k, v]) => [k, v.digest]));
      }
    } else {
      // A deleted winner: the highest deleted leaf (every leaf is deleted).
      assert.ok(leaves.every((l) => l.deleted), `${id}: 404 with a live leaf`);
      const gen = (r) => Number(r.split('-')[0]);
      const top = leaves.map((l) => l.rev).sort((a, b) => gen(b) - gen(a) || (a < b ? 1 : a > b ? -1 : 0))[0];
      entry.rev = top;
      entry.deleted = true;
    }
    view[id] = entry;
  }
  return view;
}

function sortLeaves(leaves) {
  return leaves.map((l) => ({ rev: l.rev, deleted: !!l.deleted })).sort((a, b) => (a.rev < b.rev ? -1 : a.rev > b.rev ? 1 : 0));
}

function toolView(report) {
  const view = {};
  for (const [id, d] of Object.entries(report.docs)) {
    const entry = { rev: d.rev, deleted: d.deleted, conflicts: d.conflicts.slice().sort(), leaves: sortLeaves(d.leaves) };
    if (!d.deleted && d.attachments) entry.attachments = d.attachments;
    view[id] = entry;
  }
  return view;
}

async function fill(db) {
  const customers = [];
  for (let i = 0; i < 60; i++) {
    customers.push({ _id: `customer:${String(i).padStart(3, '0')}`, type: 'customer', name: `客户${i}`, phone: `1380000${i}` });
  }
  const res = await db.bulkDocs(customers);
  for (let i = 0; i < 60; i += 4) {
    await db.put({ ...customers[i], _rev: res[i].rev, phone: `1390000${i}` });
  }
  for (let i = 5; i < 60; i += 10) {
    const doc = await db.get(customers[i]._id);
    await db.remove(doc);
  }
  // Conflicts: two branches from a common root, and a conflict whose other branch is deleted.
  await db.bulkDocs(
    [
      { _id: 'conflict:a', _rev: '2-aaaa', _revisions: { start: 2, ids: ['aaaa', 'root'] }, side: 'a' },
      { _id: 'conflict:a', _rev: '2-bbbb', _revisions: { start: 2, ids: ['bbbb', 'root'] }, side: 'b' },
      { _id: 'conflict:a', _rev: '3-cccc', _revisions: { start: 3, ids: ['cccc', 'bbbb', 'root'] }, side: 'b2' },
      { _id: 'conflict:del', _rev: '2-dddd', _revisions: { start: 2, ids: ['dddd', 'r0'] }, v: 1 },
      { _id: 'conflict:del', _rev: '3-eeee', _revisions: { start: 3, ids: ['eeee', 'ffff', 'r0'] }, _deleted: true },
    ],
    { new_edits: false },
  );
  // Attachments: one added, then the document edited (the attachment stays a stub), one with two files.
  const car = await db.put({ _id: 'vehicle:1', plate: '京A12345', _attachments: { 'photo.jpg': { content_type: 'image/jpeg', data: photo.toString('base64') } } });
  const got = await db.get('vehicle:1');
  await db.put({ ...got, _rev: car.rev, plate: '京A99999' });
  await db.put({
    _id: 'vehicle:2',
    _attachments: {
      'a.txt': { content_type: 'text/plain', data: Buffer.from('hello 你好').toString('base64') },
      'same.jpg': { content_type: 'image/jpeg', data: photo.toString('base64') },
    },
  });
  await db.put({ _id: 'odd id/with ?&= chars', v: 'odd' });
}

before(async () => {
  assert.ok(tool, `sync_tool not found under ${buildDir} (set CRM_NATIVE_BUILD)`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'crm-sync-interop-'));
  const port = await freePort();
  server = await startSyncServer({ port, dataDir: path.join(tmp, 'server'), inMemory: true });
  base = server.url;
  const db = new PouchDB(`${base}crm`);
  await fill(db);
});

after(async () => {
  if (server) await server.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('pull: every document matches PouchDB Server (winner, conflicts, leaves, attachments)', async () => {
  const log = path.join(tmp, 'pull.log');
  const report = runTool(log, `${base}crm`, 'pull', ['--batch', '7']);
  assert.equal(report.state, 'up_to_date');
  assert.equal(report.bulk_get, true);
  const expected = await serverView(`${base}crm`);
  assert.ok(Object.keys(expected).length >= 65);
  assert.deepEqual(toolView(report), expected);
  assert.deepEqual(report.docs['conflict:a'].conflicts, ['2-aaaa']);
  assert.equal(report.docs['conflict:a'].rev, '3-cccc');

  // Nothing new: a second run resumes from the saved checkpoint and fetches nothing.
  const again = runTool(log, `${base}crm`, 'pull');
  assert.equal(again.pulled, 0);
  assert.ok(again.requests <= 3, `rerun made ${again.requests} requests`);
});

test('push into an empty database reproduces the same trees and attachment bytes', async () => {
  const log = path.join(tmp, 'push.log');
  runTool(log, `${base}crm`, 'pull');
  await fetch(`${base}copy`, { method: 'PUT' });
  const report = runTool(log, `${base}copy`, 'push', ['--batch', '9']);
  assert.equal(report.state, 'up_to_date');
  assert.deepEqual(report.rejections, []);
  const original = await serverView(`${base}crm`);
  const copy = await serverView(`${base}copy`);
  assert.deepEqual(copy, original);
  const db = new PouchDB(`${base}copy`);
  const blob = await db.getAttachment('vehicle:1', 'photo.jpg');
  assert.ok(Buffer.from(blob).equals(photo));
  const text = await db.getAttachment('vehicle:2', 'a.txt');
  assert.equal(Buffer.from(text).toString('utf8'), 'hello 你好');
  // Full histories too: PouchDB's own view of one edited document's revisions.
  const a = await new PouchDB(`${base}crm`).get('customer:004', { revs: true });
  const b = await db.get('customer:004', { revs: true });
  assert.deepEqual(b._revisions, a._revisions);
});

test('both ways: concurrent edits become the same conflict on both sides; reruns are cheap', async () => {
  const log = path.join(tmp, 'both.log');
  const url = `${base}crm`;
  const first = runTool(log, url, 'both');
  const baseRev = first.docs['customer:008'].rev;
  const db = new PouchDB(url);
  const serverDoc = await db.get('customer:008');
  await db.put({ ...serverDoc, phone: 'server-phone' });
  await db.put({ _id: 'server:new', v: 1 });
  const carRev = first.docs['vehicle:1'].rev;
  const report = runTool(log, url, 'both', [
    '--put',
    putFile([
      { _id: 'customer:008', _rev: baseRev, type: 'customer', name: '客户8', phone: 'local-phone' },
      { _id: 'local:new', v: 2, _attachments: { 'n.txt': { content_type: 'text/plain', data: Buffer.from('local').toString('base64') } } },
      { _id: 'vehicle:1', _rev: carRev, plate: '沪B00001', _attachments: { 'photo.jpg': { stub: true, digest: first.docs['vehicle:1'].attachments['photo.jpg'] } } },
    ]),
  ]);
  assert.equal(report.state, 'up_to_date');
  assert.ok(report.put.every((p) => !p.error), JSON.stringify(report.put));
  const expected = await serverView(url);
  assert.deepEqual(toolView(report), expected);
  assert.equal(expected['customer:008'].conflicts.length, 1);
  assert.equal(report.docs['customer:008'].state, 'conflict');
  assert.equal(report.docs['local:new'].state, 'synced');
  assert.equal(Buffer.from(await db.getAttachment('local:new', 'n.txt')).toString(), 'local');
  assert.ok(Buffer.from(await db.getAttachment('vehicle:1', 'photo.jpg')).equals(photo));
  assert.equal((await db.get('vehicle:1')).plate, '沪B00001');

  const again = runTool(log, url, 'both');
  assert.equal(again.pulled, 0);
  assert.equal(again.pushed, 0);
  assert.ok(again.requests <= 6, `rerun made ${again.requests} requests`);
  assert.deepEqual(toolView(again), await serverView(url));
});

test('without _bulk_get (GET open_revs) the pull is identical', async () => {
  const log = path.join(tmp, 'openrevs.log');
  const report = runTool(log, `${base}crm`, 'pull', ['--no-bulk-get', '--batch', '11']);
  assert.equal(report.state, 'up_to_date');
  assert.deepEqual(toolView(report), await serverView(`${base}crm`));
});
