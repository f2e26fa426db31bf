import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './services.js';

const SERVER_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_DB = 'mariadb-install-db';
const READY_TIMEOUT_MS = 30_000;

/**
 * A MariaDB server of one test's own, on a free loopback port with a data directory in tmp: a test
 * may kill and restart it without touching the server the other tests share.
 */
export interface PrivateMariaDb {
  port: number;
  /** `mysql://root@127.0.0.1:PORT`, no database. */
  rootUrl: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs one statement in a database, as root. */
  query(database: string, statement: string): Promise<void>;
  /** Whether the server process is running. */
  running(): boolean;
  /** `kill`: SIGKILL, as a crash or an OOM kill; `term`: a clean shutdown. Resolves once it exited. */
  stop(how?: 'kill' | 'term'): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data directory. */
  destroy(): Promise<void>;
}

function serverBinary(): string {
  const found = SERVER_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`no MariaDB server binary at ${SERVER_CANDIDATES.join(', ')}`);
  return found;
}

/** As root, mariadbd refuses to run unless told which user to run as. */
function userArgs(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

/** Small buffers and logs: the server holds a few hundred rows and starts in well under a second. */
const SIZING = ['--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--max-connections=64'];

async function answers(port: number): Promise<boolean> {
  try {
    const c = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
    await c.query('SELECT 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const binary = serverBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ts-private-mariadb-'));
  const dataDir = join(dir, 'data');
  const errorLog = join(dir, 'error.log');
  const install = spawnSync(
    INSTALL_DB,
    // Its own tmpdir: a server starting up deletes every leftover '#sql*' file in its tmpdir, and in
    // /tmp those are the live temporary tables of the machine's other MariaDB.
    ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve', `--tmpdir=${dir}`, ...userArgs(), ...SIZING],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${INSTALL_DB} failed (${install.error?.message ?? `exit ${install.status}`}):\n${install.stderr}${install.stdout}`);
  }
  const port = await freePort();
  const args = [
    '--no-defaults', `--datadir=${dataDir}`, `--port=${port}`, `--socket=${join(dir, 'mariadb.sock')}`, '--bind-address=127.0.0.1',
    `--pid-file=${join(dir, 'mariadb.pid')}`, `--tmpdir=${dir}`, `--log-error=${errorLog}`, '--skip-name-resolve', ...userArgs(), ...SIZING,
  ];

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  // A test run that dies must not leave a server behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const start = async (): Promise<void> => {
    if (child) return;
    const proc = spawn(binary, args, { stdio: 'ignore' });
    child = proc;
    let gone = false;
    exited = new Promise<void>((resolve) => {
      proc.once('exit', () => {
        gone = true;
        if (child === proc) child = null;
        resolve();
      });
    });
    const end = Date.now() + READY_TIMEOUT_MS;
    while (!(await answers(port))) {
      if (gone || Date.now() > end) {
        const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').split('\n').slice(-15).join('\n') : '(no error log)';
        proc.kill('SIGKILL');
        throw new Error(`private MariaDB on port ${port} did not ${gone ? 'stay up' : 'answer'}:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async (how: 'kill' | 'term' = 'kill'): Promise<void> => {
    const proc = child;
    if (!proc) return;
    proc.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  try {
    await start();
  } catch (e) {
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const rootUrl = `mysql://root@127.0.0.1:${port}`;
  return {
    port,
    rootUrl,
    async createDatabase(name) {
      const c = await createConnection({ host: '127.0.0.1', port, user: 'root' });
      try {
        await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      } finally {
        await c.end();
      }
      return `${rootUrl}/${name}`;
    },
    async query(database, statement) {
      const c = await createConnection({ host: '127.0.0.1', port, user: 'root', database });
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    },
    running: () => child !== null,
    stop,
    start,
    async destroy() {
      await stop('kill');
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
