import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { Repositories } from '../../src/db/repositories.js';
import { acquireRunLock } from '../../src/sync/run-lock.js';
import { SyncAlreadyRunningError } from '../../src/sync/sync-errors.js';
import { openMigratedDatabase, type DbKind, type MigratedDatabase } from '../support/databases.js';

describe.each<DbKind>(['sqlite', 'mariadb'])('run lock and cursor on %s', (kind) => {
  let database: MigratedDatabase;
  let repos: Repositories;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    await migrateToLatest(database.handle.db); // a second start applies nothing and does not fail
    repos = database.repos;
  });
  afterAll(async () => database?.close());

  const lockFor = (host: string, pid: number, now: number, alive: (pid: number) => boolean = () => true) =>
    acquireRunLock({ repos, host, pid, clock: () => now, heartbeatMs: 60_000, staleMs: 30_000, isProcessAlive: alive });

  it('lets one holder in and names it to the next', async () => {
    const first = await lockFor('host-a', 100, 1_000_000);
    first.setRun(17);
    await new Promise((r) => setTimeout(r, 50));
    const err = await lockFor('host-b', 200, 1_005_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncAlreadyRunningError);
    expect((err as Error).message).toMatch(/run 17 on host host-a \(pid 100\)/);
    await first.release();
    const next = await lockFor('host-b', 200, 1_006_000);
    expect(next.tookOver).toBeNull();
    await next.release();
  });

  it('takes over at once from a dead process on the same host, and from a silent one after the stale time', async () => {
    const dead = await lockFor('host-a', 300, 2_000_000);
    const sameHost = await lockFor('host-a', 301, 2_001_000, (pid) => pid !== 300);
    expect(sameHost.tookOver?.pid).toBe(300);
    // host-b cannot see host-a's processes: it must wait for the heartbeat to go stale
    await expect(lockFor('host-b', 400, 2_010_000)).rejects.toBeInstanceOf(SyncAlreadyRunningError);
    const later = await lockFor('host-b', 400, 2_040_000);
    expect(later.tookOver?.pid).toBe(301);
    // the replaced holder learns it lost the lock on its next heartbeat
    expect(await repos.locks.heartbeat('sync', sameHost.holder, 2_041_000, null)).toBe(false);
    await later.release();
    await dead.release(); // releasing a lock one no longer holds changes nothing
    expect(await repos.locks.current('sync')).toBeNull();
  });

  it('never moves the delta cursor backwards, even when the clock does', async () => {
    await repos.cursors.advance('test', 5_000, 1);
    await repos.cursors.advance('test', 4_000, 2);
    expect(await repos.cursors.get('test')).toBe(5_000);
    await repos.cursors.advance('test', 6_000, 3);
    expect(await repos.cursors.get('test')).toBe(6_000);
  });
});
