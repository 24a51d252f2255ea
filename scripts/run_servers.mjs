// `./crm run`: starts PouchDB Server (database folder server/data, ignored by git) with a `crm` database,
// and the app's static server that also forwards /db/ to it; prints the URL; Ctrl-C stops both.
import { startSyncServer } from './sync_server.mjs';
import { startStaticServer } from '../server/static_server.mjs';

const [appPort = '8080', dbPort = '5984'] = process.argv.slice(2);
const sync = await startSyncServer({ port: Number(dbPort), dataDir: 'server/data' });
const app = await startStaticServer({ appDir: 'build/wasm/app', port: Number(appPort), dbUrl: sync.url });
console.log(`\nSync server (PouchDB Server): ${sync.url}  database: ${sync.url}crm`);
console.log(`CRM app: http://127.0.0.1:${app.port}/\n(Ctrl-C stops both)`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close();
  await sync.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
