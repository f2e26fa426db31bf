import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { pushSliceProcessor } from '../../src/queue/push-slice.job.js';
import { enqueueRun } from '../../src/queue/queues.js';
import { syncRunProcessor } from '../../src/queue/sync-run.job.js';
import { startWorkers } from '../../src/queue/workers.js';
import { residentIdCheckChar } from '../../src/simulators/index.js';
import type { RunSummary } from '../../src/sync/sync-run.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';
import { startQueueWorld } from '../support/queue-world.js';
import { until } from '../support/services.js';
import { singleSchoolCode, teachersAt } from '../support/world-picks.js';

/** mysqldump / mysql as an operator runs them (docs/operations.md), stdout or stdin on a file. */
function mysqlTool(tool: 'mysqldump' | 'mysql', args: string[], io: { out?: string; in?: string }): Promise<void> {
  const child = spawn(tool, ['-uroot', '-h127.0.0.1', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  if (io.out) child.stdout.pipe(createWriteStream(io.out));
  else child.stdout.resume();
  if (io.in) createReadStream(io.in).pipe(child.stdin);
  else child.stdin.end();
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited ${code}: ${stderr}`)))));
}

const accountsOf = (h: Harness) => h.sims.srp.accounts().map((a) => [a.accountId, a.externalId, a.schoolId, a.status].join('|')).sort();

/**
 * A database restored from last night's backup has forgotten what the runs since pushed. The next
 * runs must find those accounts where they are, and never make a second one for anybody.
 */
describe('restoring the database from an older backup (MariaDB)', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-backup-'));
  let h: Harness | null = null;
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the runs after a restore duplicate no account and end with the platform as it was', async () => {
    h = await startHarness('mariadb', { seed: 13, teachers: 400 });
    const db = new URL(h.database.url).pathname.slice(1);
    expect(summaryOf(await h.cli(['sync', '--json'])).status).toBe('succeeded');

    const backup = join(dir, 'teacher-sync.sql');
    await mysqlTool('mysqldump', ['--single-transaction', db], { out: backup });

    // After the backup: a new teacher, a teacher moved to another school, a teacher who left.
    const school = singleSchoolCode(h, '');
    const [mover, leaver, model] = teachersAt(h, school.schoolId);
    const target = singleSchoolCode(h, school.institutionCode);
    h.sims.ttp.update(mover!, { institutionCode: target.institutionCode, institutionName: target.name });
    h.sims.ttp.update(leaver!, { status: 'left' });
    const body = '33010619800101777';
    h.sims.ttp.upsert({ ...h.sims.ttp.get(model!)!, teacherId: 'T09990001', name: '备份后入职', idNumber: body + residentIdCheckChar(body), mobile: null, email: null });
    h.sims.ttp.update('T09990001', {});
    const after = summaryOf(await h.cli(['sync', '--json']));
    expect(after).toMatchObject({ status: 'succeeded', created: 1, disabled: 1 });
    expect(after.moved + after.updated).toBeGreaterThanOrEqual(1);
    const platform = accountsOf(h);

    // Restore: the database as it was before those changes.
    await mysqlTool('mysql', ['-e', `DROP DATABASE ${db}; CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`], {});
    await mysqlTool('mysql', [db], { in: backup });

    const next = summaryOf(await h.cli(['sync', '--json']));
    // What the restored database had forgotten is pushed again, under the same external ids: the
    // platform already holds those accounts as pushed, so they stay the same accounts, none added.
    expect(next).toMatchObject({ status: 'succeeded', created: 1, moved: 1, disabled: 1, failed: 0 });
    expect(accountsOf(h)).toEqual(platform);
    const replan = summaryOf(await h.cli(['sync', '--full', '--replan-all', '--json']));
    expect(replan.status).toBe('succeeded');
    expect(replan.created + replan.updated + replan.moved + replan.disabled).toBe(0);
    expect(replan['reconcile']).toMatchObject({ inStep: platform.length, matched: 0, orphans: 0, missing: 0 });
    expect(accountsOf(h)).toEqual(platform);
    expect(h.sims.srp.account('T09990001')).toMatchObject({ status: 'active', name: '备份后入职' });
    expect(h.sims.srp.account(mover!)?.schoolId).toBe(target.schoolId);
    expect(h.sims.srp.account(leaver!)?.status).toBe('disabled');
  });

  /** The queued runs of daemon and workers, in this process: a restored database gives run ids out again. */
  it('queued runs after a restore push what the restored database forgot, though its run ids were used before', async () => {
    const log = silentLogger();
    const { h: q, cfg, app, redis, queues } = await startQueueWorld({ kind: 'mariadb', seed: 13, teachers: 400, queue: { sliceSize: 100 }, log, cleanups });
    const deps = app.sync;
    const summaries: RunSummary[] = [];
    const workers = startWorkers({
      connection: redis, policy: cfg.policy, concurrency: 2, log,
      runProcessor: syncRunProcessor({ deps, queues, afterRun: async (s) => { summaries.push(s); } }), sliceProcessor: pushSliceProcessor(deps, { concurrency: 2 }),
    });
    cleanups.push(() => workers.close(1000));
    const queuedRun = async (jobId: string): Promise<RunSummary> => {
      const n = summaries.length;
      await enqueueRun(queues, jobId, { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
      await until(() => summaries.length > n, 60_000, `run ${jobId}`);
      return summaries[n]!;
    };
    const db = new URL(q.database.url).pathname.slice(1);

    expect((await queuedRun('run-first')).status).toBe('succeeded');
    const backup = join(dir, 'queued.sql');
    await mysqlTool('mysqldump', ['--single-transaction', db], { out: backup });
    const school = singleSchoolCode(q, '');
    const [mover, leaver] = teachersAt(q, school.schoolId);
    const target = singleSchoolCode(q, school.institutionCode);
    q.sims.ttp.update(mover!, { institutionCode: target.institutionCode, institutionName: target.name });
    q.sims.ttp.update(leaver!, { status: 'left' });
    const second = await queuedRun('run-second');
    expect(second).toMatchObject({ status: 'succeeded', moved: 1, disabled: 1 });
    const platform = accountsOf(q);

    // Restored in place, as `mysql teacher_sync < backup.sql` does; the queue keeps its finished jobs.
    await mysqlTool('mysql', [db], { in: backup });
    const third = await queuedRun('run-third');
    expect(third.runId).toBe(second.runId);
    expect(third).toMatchObject({ status: 'succeeded', moved: 1, disabled: 1, failed: 0 });
    expect(accountsOf(q)).toEqual(platform);
  });
});
