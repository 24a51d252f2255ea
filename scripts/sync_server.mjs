// Starts and stops PouchDB Server on 127.0.0.1 (the local CouchDB-protocol sync server) and creates the
// `crm` database. Used by `./crm run` and by tests, which give it a temporary folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function waitForServer(url, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PouchDB Server exited (code ${child.exitCode})`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('PouchDB Server did not start in time');
}

export async function startSyncServer({ port = 5984, dataDir, inMemory = false, database = 'crm' }) {
  const dir = path.resolve(root, dataDir);
  fs.mkdirSync(dir, { recursive: true });
  // PouchDB Server rewrites its config file; it gets a copy, never the committed one.
  const config = path.join(dir, 'config.json');
  const base = JSON.parse(fs.readFileSync(path.join(root, 'server/pouchdb-server.json'), 'utf8'));
  base.log = { file: path.join(dir, 'log.txt'), level: 'warning' };
  fs.writeFileSync(config, JSON.stringify(base, null, 2));
  const args = [path.join(root, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--host', '127.0.0.1',
    '--port', String(port), '--dir', dir, '--config', config, '--no-stdout-logs'];
  if (inMemory) args.push('--in-memory');
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForServer(url, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${stderr}`);
  }
  if (database) await fetch(url + database, { method: 'PUT' });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => { child.once('exit', r); setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000); });
    },
  };
}
